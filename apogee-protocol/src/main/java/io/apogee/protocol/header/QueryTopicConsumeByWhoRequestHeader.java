package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * QUERY_TOPIC_CONSUME_BY_WHO request header (300): the topic whose consumer groups are asked for. Immutable.
 */
public record QueryTopicConsumeByWhoRequestHeader(
        String topic) implements CommandHeader {

    private static final String H = "QUERY_TOPIC_CONSUME_BY_WHO header";

    public static QueryTopicConsumeByWhoRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static QueryTopicConsumeByWhoRequestHeader decode(Map<String, String> f) {
        return new QueryTopicConsumeByWhoRequestHeader(
                requireString(f, "topic", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
    }
}
