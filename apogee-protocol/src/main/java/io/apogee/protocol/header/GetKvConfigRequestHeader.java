package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_KV_CONFIG request header (101). Immutable.
 */
public record GetKvConfigRequestHeader(
        String namespace,
        String key) implements CommandHeader {

    private static final String H = "GET_KV_CONFIG header";

    public static GetKvConfigRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetKvConfigRequestHeader decode(Map<String, String> f) {
        return new GetKvConfigRequestHeader(
                requireString(f, "namespace", H),
                requireString(f, "key", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "namespace", namespace);
        put(f, "key", key);
    }
}
