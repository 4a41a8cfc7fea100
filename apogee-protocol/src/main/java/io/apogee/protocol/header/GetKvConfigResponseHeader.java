package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;

/**
 * GET_KV_CONFIG response header. Immutable.
 */
public record GetKvConfigResponseHeader(
        String value) implements CommandHeader {

    private static final String H = "GET_KV_CONFIG response header";

    public static GetKvConfigResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetKvConfigResponseHeader decode(Map<String, String> f) {
        return new GetKvConfigResponseHeader(
                f.get("value"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "value", value);
    }
}
