package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * VIEW_BROKER_STATS_DATA request header (315): a statistic's name (e.g. {@code TOPIC_PUT_NUMS}) and
 * key (a topic, or {@code topic@group}). Immutable.
 */
public record ViewBrokerStatsDataRequestHeader(
        String statsName,
        String statsKey) implements CommandHeader {

    private static final String H = "VIEW_BROKER_STATS_DATA header";

    public static ViewBrokerStatsDataRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static ViewBrokerStatsDataRequestHeader decode(Map<String, String> f) {
        return new ViewBrokerStatsDataRequestHeader(
                requireString(f, "statsName", H),
                requireString(f, "statsKey", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "statsName", statsName);
        put(f, "statsKey", statsKey);
    }
}
