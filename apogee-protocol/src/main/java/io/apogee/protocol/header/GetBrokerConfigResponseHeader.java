package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;

/**
 * GET_BROKER_CONFIG response header (26): the version of the configuration, as a data-version JSON text. Immutable.
 */
public record GetBrokerConfigResponseHeader(
        String version) implements CommandHeader {

    public static GetBrokerConfigResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetBrokerConfigResponseHeader decode(Map<String, String> f) {
        return new GetBrokerConfigResponseHeader(
                f.get("version"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "version", version);
    }
}
