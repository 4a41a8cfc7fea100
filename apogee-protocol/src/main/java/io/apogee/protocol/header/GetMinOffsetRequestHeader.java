package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_MIN_OFFSET request header (31). Immutable.
 */
public record GetMinOffsetRequestHeader(
        String topic,
        int queueId,
        String brokerName) implements CommandHeader {

    private static final String H = "GET_MIN_OFFSET header";

    public static GetMinOffsetRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetMinOffsetRequestHeader decode(Map<String, String> f) {
        return new GetMinOffsetRequestHeader(
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
