package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.booleanOr;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_MAX_OFFSET request header (30). {@code committed} defaults to true when absent, as on the
 * official broker. Immutable.
 */
public record GetMaxOffsetRequestHeader(
        String topic,
        int queueId,
        boolean committed,
        String brokerName) implements CommandHeader {

    private static final String H = "GET_MAX_OFFSET header";

    public static GetMaxOffsetRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetMaxOffsetRequestHeader decode(Map<String, String> f) {
        return new GetMaxOffsetRequestHeader(
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                booleanOr(f, "committed", true, H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "committed", committed);
        put(f, "bname", brokerName);
    }
}
