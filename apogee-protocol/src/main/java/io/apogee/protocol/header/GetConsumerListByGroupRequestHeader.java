package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_CONSUMER_LIST_BY_GROUP request header (38). Immutable.
 */
public record GetConsumerListByGroupRequestHeader(
        String consumerGroup) implements CommandHeader {

    private static final String H = "GET_CONSUMER_LIST_BY_GROUP header";

    public static GetConsumerListByGroupRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetConsumerListByGroupRequestHeader decode(Map<String, String> f) {
        return new GetConsumerListByGroupRequestHeader(
                requireString(f, "consumerGroup", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
    }
}
