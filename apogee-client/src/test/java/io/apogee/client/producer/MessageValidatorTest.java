package io.apogee.client.producer;

import io.apogee.client.ClientException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageValidatorTest {

    /** RocketMQ's rule for topic and group names, as a regular expression. */
    private static final Pattern ROCKETMQ_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]+$");

    @Property(tries = 500)
    void namesAreAcceptedExactlyWhereRocketMqsPatternMatches(
            @ForAll @StringLength(max = 12) @CharRange(from = ' ', to = '~') @Chars({'é', '日', '\u0000'}) String name) {
        assertThat(MessageValidator.isValidName(name)).as("\"%s\"", name)
                .isEqualTo(ROCKETMQ_NAME.matcher(name).matches());
    }

    @Test
    void aTopicWithAForbiddenCharacterIsRefusedNamingIt() {
        MessageValidator.checkTopic("Orders_2026-12|%RETRY%");
        assertThatThrownBy(() -> MessageValidator.checkTopic("orders.eu"))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("\"orders.eu\"")
                .hasMessageContaining("[%|a-zA-Z0-9_-]");
        assertThatThrownBy(() -> MessageValidator.checkGroup("group one", "producerGroup"))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("producerGroup \"group one\"");
    }
}
