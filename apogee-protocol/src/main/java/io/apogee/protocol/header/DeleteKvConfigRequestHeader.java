package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * DELETE_KV_CONFIG request header (102). Immutable.
 */
public record DeleteKvConfigRequestHeader(
        String namespace,
        String key) implements CommandHeader {

    private static final String H = "DELETE_KV_CONFIG header";

    public static DeleteKvConfigRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static DeleteKvConfigRequestHeader decode(Map<String, String> f) {
        return new DeleteKvConfigRequestHeader(
                requireString(f, "namespace", H),
                requireString(f, "key", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "namespace", namespace);
        put(f, "key", key);
    }
}
