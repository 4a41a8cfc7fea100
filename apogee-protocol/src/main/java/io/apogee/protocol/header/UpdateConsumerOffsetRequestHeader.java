package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * UPDATE_CONSUMER_OFFSET request header (15); usually oneway. Immutable.
 */
public record UpdateConsumerOffsetRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        long commitOffset,
        String brokerName) implements CommandHeader {

    private static final String H = "UPDATE_CONSUMER_OFFSET header";

    public static UpdateConsumerOffsetRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static UpdateConsumerOffsetRequestHeader decode(Map<String, String> f) {
        return new UpdateConsumerOffsetRequestHeader(
                requireString(f, "consumerGroup", H),
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                requireLong(f, "commitOffset", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "commitOffset", commitOffset);
        put(f, "bname", brokerName);
    }
}
