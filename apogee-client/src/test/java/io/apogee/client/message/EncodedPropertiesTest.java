package io.apogee.client.message;

import io.apogee.protocol.message.MessageProperties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivered message keeps its properties encoded until asked for the map: every read and every change
 * before and after must give what a map decoded on arrival would have given, order included.
 */
class EncodedPropertiesTest {

    private static final List<String> NAMES = List.of("TAGS", "KEYS", "UNIQ_KEY", "MIN_OFFSET", "名前", "a", "ab",
            "é", "", "TA", "T\u0001");

    @Test
    void propertiesSetBeforeTheMapIsDecodedFollowTheRecordsOwnInOrder() {
        MessageExt m = delivered("TAGS\u0001t\u0002KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001id\u0002");

        m.putProperty("MIN_OFFSET", "0");
        m.putProperty("TAGS", "changed");
        m.putProperty("KEYS", null);

        assertThat(m.getTags()).isEqualTo("changed");
        assertThat(m.getKeys()).isNull();
        assertThat(m.getMsgId()).isEqualTo("id");
        assertThat(m.getProperties()).containsExactly(Map.entry("TAGS", "changed"), Map.entry("UNIQ_KEY", "id"),
                Map.entry("MIN_OFFSET", "0"));
    }

    @Test
    void aNameWrittenTwiceReadsAsItsLastValueAsTheDecodedMapKeepsIt() {
        MessageExt m = delivered("K\u0001first\u0002K\u0001second\u0002");
        assertThat(m.getProperty("K")).isEqualTo("second");
        assertThat(m.getProperties()).containsExactly(Map.entry("K", "second"));
    }

    @Test
    void nonAsciiNamesAreFoundAndAsciiNamesDoNotMatchTheirPrefixes() {
        MessageExt m = delivered("名前\u0001値\u0002TAGSX\u0001x\u0002TAG\u0001y\u0002");
        assertThat(m.getProperty("名前")).isEqualTo("値");
        assertThat(m.getProperty("TAGS")).isNull();
        assertThat(m.getProperty("TAG")).isEqualTo("y");
    }

    @Property(tries = 300)
    void readsAndChangesAgreeWithAMapDecodedOnArrival(
            @ForAll @StringLength(max = 60) @Chars({'a', 'b', 'é', '名', '前', 'T', 'A', 'G', 'S', '\u0001', '\u0002'})
            String raw,
            @ForAll("changes") @Size(max = 10) List<Map.Entry<String, String>> changes) {
        MessageExt lazy = delivered(raw);
        Map<String, String> eager = new LinkedHashMap<>(MessageProperties.decode(raw));
        List<String> names = new ArrayList<>(NAMES);
        names.addAll(eager.keySet());

        assertSameReads(lazy, eager, names);
        for (Map.Entry<String, String> change : changes) {
            lazy.putProperty(change.getKey(), change.getValue());
            if (change.getValue() == null) {
                eager.remove(change.getKey());
            } else {
                eager.put(change.getKey(), change.getValue());
            }
            assertSameReads(lazy, eager, names);
        }
        assertThat(lazy.getProperties()).containsExactlyEntriesOf(eager);
        assertSameReads(lazy, eager, names);
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> changes() {
        Arbitrary<String> values = Arbitraries.strings().withChars('v', 'é', '1').ofMaxLength(3).injectNull(0.3);
        Arbitrary<Map.Entry<String, String>> change = Arbitraries.of(NAMES)
                .flatMap(name -> values.map(value -> new AbstractMap.SimpleEntry<>(name, value)));
        return change.list();
    }

    private static void assertSameReads(MessageExt lazy, Map<String, String> eager, List<String> names) {
        for (String name : names) {
            assertThat(lazy.getProperty(name)).as(name).isEqualTo(eager.get(name));
        }
    }

    private static MessageExt delivered(String raw) {
        return new MessageExt(raw.getBytes(StandardCharsets.UTF_8));
    }
}
