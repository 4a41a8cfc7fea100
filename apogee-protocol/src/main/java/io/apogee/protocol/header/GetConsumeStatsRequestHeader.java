package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_CONSUME_STATS request header (208): {@code topic} null means every topic of the group;
 * {@code topicList} is a semicolon-separated list. Immutable.
 */
public record GetConsumeStatsRequestHeader(
        String consumerGroup,
        String topic,
        String topicList,
        String brokerName) implements CommandHeader {

    private static final String H = "GET_CONSUME_STATS header";

    public static GetConsumeStatsRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetConsumeStatsRequestHeader decode(Map<String, String> f) {
        return new GetConsumeStatsRequestHeader(
                requireString(f, "consumerGroup", H),
                f.get("topic"),
                f.get("topicList"),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
        put(f, "topic", topic);
        put(f, "topicList", topicList);
        put(f, "bname", brokerName);
    }
}
