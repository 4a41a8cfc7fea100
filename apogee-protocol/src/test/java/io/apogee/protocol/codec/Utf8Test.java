package io.apogee.protocol.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    @Property(tries = 500)
    void measuresAndWritesLikeTheJdk(@ForAll String text) {
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.length(text)).isEqualTo(expected.length);
        byte[] out = new byte[expected.length + 3];
        int end = Utf8.write(text, out, 3);
        assertThat(end).isEqualTo(out.length);
        assertThat(Arrays.copyOfRange(out, 3, end)).isEqualTo(expected);
        assertThat(Utf8.read(out, 3, expected.length)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    @Test
    void commonStringsAreShared() {
        byte[] bytes = "xtopicx".getBytes(StandardCharsets.US_ASCII);
        assertThat(Utf8.read(bytes, 1, 5)).isEqualTo("topic").isSameAs(Utf8.read(bytes, 1, 5));
        assertThat(Utf8.read(bytes, 0, 1)).isEqualTo("x").isSameAs(Utf8.read(bytes, 6, 1));
        assertThat(Utf8.read(bytes, 1, 4)).isEqualTo("topi");
    }
}
