package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.booleanOr;
import static io.apogee.protocol.header.HeaderFields.put;

/**
 * GET_BROKER_CONSUME_STATS request header (317): {@code isOrder} limits the answer to ordered topics. Immutable.
 */
public record GetConsumeStatsInBrokerHeader(
        boolean isOrder) implements CommandHeader {

    private static final String H = "GET_BROKER_CONSUME_STATS header";

    public static GetConsumeStatsInBrokerHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetConsumeStatsInBrokerHeader decode(Map<String, String> f) {
        return new GetConsumeStatsInBrokerHeader(
                booleanOr(f, "isOrder", false, H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "isOrder", isOrder);
    }
}
