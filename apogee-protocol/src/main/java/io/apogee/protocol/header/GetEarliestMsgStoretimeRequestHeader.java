package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_EARLIEST_MSG_STORETIME request header (32). Immutable.
 */
public record GetEarliestMsgStoretimeRequestHeader(
        String topic,
        int queueId,
        String brokerName) implements CommandHeader {

    private static final String H = "GET_EARLIEST_MSG_STORETIME header";

    public static GetEarliestMsgStoretimeRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetEarliestMsgStoretimeRequestHeader decode(Map<String, String> f) {
        return new GetEarliestMsgStoretimeRequestHeader(
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "bname", brokerName);
    }
}
