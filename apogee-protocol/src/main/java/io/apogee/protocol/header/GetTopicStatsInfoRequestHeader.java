package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_TOPIC_STATS_INFO request header (202). Immutable.
 */
public record GetTopicStatsInfoRequestHeader(
        String topic,
        String brokerName) implements CommandHeader {

    private static final String H = "GET_TOPIC_STATS_INFO header";

    public static GetTopicStatsInfoRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetTopicStatsInfoRequestHeader decode(Map<String, String> f) {
        return new GetTopicStatsInfoRequestHeader(
                requireString(f, "topic", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "bname", brokerName);
    }
}
