package io.apogee.common.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void plainTextIsUnchanged() {
        assertThat(LogText.escape("TopicA")).isEqualTo("TopicA");
        assertThat(LogText.escape(null)).isEqualTo("null");
        assertThat(LogText.escape(42)).isEqualTo("42");
    }

    @Test
    void newlinesAndControlCharactersCannotStartAForgedLine() {
        String forged = "t\n2026-12-04 ERROR broker stopped\r\u0000\u001b[31m\\";
        String escaped = LogText.escape(forged);
        assertThat(escaped).doesNotContain("\n", "\r", "\u0000", "\u001b");
        assertThat(escaped).isEqualTo("t\\n2026-12-04 ERROR broker stopped\\r\\u0000\\u001b[31m\\\\");
        assertThat(LogText.escape("a\u2028b")).isEqualTo("a\\u2028b");
    }

    @Test
    void longValuesAreCutAndSayHowLongTheyWere() {
        String escaped = LogText.escape("x".repeat(10_000));
        assertThat(escaped).startsWith("x".repeat(LogText.MAX_CHARS)).endsWith("...(10000 chars)");
        assertThat(escaped.length()).isLessThan(LogText.MAX_CHARS + 20);
    }
}
