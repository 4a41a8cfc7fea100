package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * QUERY_CONSUMER_OFFSET request header (14). Immutable.
 */
public record QueryConsumerOffsetRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        Boolean setZeroIfNotFound,
        String brokerName) implements CommandHeader {

    private static final String H = "QUERY_CONSUMER_OFFSET header";

    public static QueryConsumerOffsetRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static QueryConsumerOffsetRequestHeader decode(Map<String, String> f) {
        return new QueryConsumerOffsetRequestHeader(
                requireString(f, "consumerGroup", H),
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                optionalBoolean(f, "setZeroIfNotFound", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "setZeroIfNotFound", setZeroIfNotFound);
        put(f, "bname", brokerName);
    }
}
