package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * UNREGISTER_CLIENT request header (35): one request per group, so one of the two groups is set.
 * Immutable.
 */
public record UnregisterClientRequestHeader(
        String clientID,
        String producerGroup,
        String consumerGroup) implements CommandHeader {

    private static final String H = "UNREGISTER_CLIENT header";

    public static UnregisterClientRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static UnregisterClientRequestHeader decode(Map<String, String> f) {
        return new UnregisterClientRequestHeader(
                requireString(f, "clientID", H),
                f.get("producerGroup"),
                f.get("consumerGroup"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "clientID", clientID);
        put(f, "producerGroup", producerGroup);
        put(f, "consumerGroup", consumerGroup);
    }
}
