package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * PUT_KV_CONFIG request header (100). Immutable.
 */
public record PutKvConfigRequestHeader(
        String namespace,
        String key,
        String value) implements CommandHeader {

    private static final String H = "PUT_KV_CONFIG header";

    public static PutKvConfigRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static PutKvConfigRequestHeader decode(Map<String, String> f) {
        return new PutKvConfigRequestHeader(
                requireString(f, "namespace", H),
                requireString(f, "key", H),
                requireString(f, "value", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "namespace", namespace);
        put(f, "key", key);
        put(f, "value", value);
    }
}
