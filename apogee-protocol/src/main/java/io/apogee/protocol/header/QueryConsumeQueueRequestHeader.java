package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * QUERY_CONSUME_QUEUE request header (321): {@code count} entries of one queue from {@code index}; with a
 * {@code consumerGroup}, the answer also carries that group's subscription. Immutable.
 */
public record QueryConsumeQueueRequestHeader(
        String topic,
        int queueId,
        long index,
        int count,
        String consumerGroup) implements CommandHeader {

    private static final String H = "QUERY_CONSUME_QUEUE header";

    public static QueryConsumeQueueRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static QueryConsumeQueueRequestHeader decode(Map<String, String> f) {
        return new QueryConsumeQueueRequestHeader(
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                requireLong(f, "index", H),
                requireInt(f, "count", H),
                f.get("consumerGroup"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "index", index);
        put(f, "count", count);
        put(f, "consumerGroup", consumerGroup);
    }
}
