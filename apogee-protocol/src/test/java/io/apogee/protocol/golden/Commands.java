package io.apogee.protocol.golden;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Field-by-field equality of commands, which have no equals of their own (they are mutable). */
public final class Commands {

    private Commands() {
    }

    public static void assertEqual(RemotingCommand actual, RemotingCommand expected) {
        assertThat(actual.code()).as("code").isEqualTo(expected.code());
        assertThat(actual.language()).as("language").isEqualTo(expected.language());
        assertThat(actual.version()).as("version").isEqualTo(expected.version());
        assertThat(actual.opaque()).as("opaque").isEqualTo(expected.opaque());
        assertThat(actual.flag()).as("flag").isEqualTo(expected.flag());
        assertThat(actual.remark()).as("remark").isEqualTo(expected.remark());
        assertThat(nullIfEmpty(actual.extFields())).as("extFields").isEqualTo(nullIfEmpty(expected.extFields()));
        assertThat(actual.body()).as("body").isEqualTo(expected.body());
        assertThat(actual.serializeType()).as("serialize type").isEqualTo(expected.serializeType());
    }

    private static Map<String, String> nullIfEmpty(Map<String, String> fields) {
        return fields == null || fields.isEmpty() ? null : fields;
    }
}
