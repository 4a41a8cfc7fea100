package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_CONSUMER_CONNECTION_LIST request header (203): the consumer group whose connections are asked for. Immutable.
 */
public record GetConsumerConnectionListRequestHeader(
        String consumerGroup) implements CommandHeader {

    private static final String H = "GET_CONSUMER_CONNECTION_LIST header";

    public static GetConsumerConnectionListRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetConsumerConnectionListRequestHeader decode(Map<String, String> f) {
        return new GetConsumerConnectionListRequestHeader(
                requireString(f, "consumerGroup", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
    }
}
