package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * Header of GET_CONSUMER_STATUS_FROM_CLIENT (221) and INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223).
 * Immutable.
 */
public record GetConsumerStatusRequestHeader(
        String topic,
        String group,
        String clientAddr) implements CommandHeader {

    private static final String H = "consumer status header";

    public static GetConsumerStatusRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetConsumerStatusRequestHeader decode(Map<String, String> f) {
        return new GetConsumerStatusRequestHeader(
                requireString(f, "topic", H),
                requireString(f, "group", H),
                f.get("clientAddr"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "group", group);
        put(f, "clientAddr", clientAddr);
    }
}
