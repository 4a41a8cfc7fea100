package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/**
 * GET_EARLIEST_MSG_STORETIME response header: the store time of the queue's first message.
 * Immutable.
 */
public record GetEarliestMsgStoretimeResponseHeader(
        long timestamp) implements CommandHeader {

    private static final String H = "GET_EARLIEST_MSG_STORETIME response header";

    public static GetEarliestMsgStoretimeResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetEarliestMsgStoretimeResponseHeader decode(Map<String, String> f) {
        return new GetEarliestMsgStoretimeResponseHeader(
                requireLong(f, "timestamp", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "timestamp", timestamp);
    }
}
