package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.intOr;
import static io.apogee.protocol.header.HeaderFields.optionalLong;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireBoolean;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * Reset-offset request header used by INVOKE_BROKER_TO_RESET_OFFSET (222, admin to broker) and
 * RESET_CONSUMER_CLIENT_OFFSET (220, broker to client). {@code queueId} -1 means every queue;
 * {@code offset}, when set, wins over {@code timestamp}. The wire key of {@code force} is {@code
 * isForce}. Immutable.
 */
public record ResetOffsetRequestHeader(
        String group,
        String topic,
        int queueId,
        Long offset,
        long timestamp,
        boolean force) implements CommandHeader {

    private static final String H = "reset offset header";

    public static ResetOffsetRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static ResetOffsetRequestHeader decode(Map<String, String> f) {
        return new ResetOffsetRequestHeader(
                requireString(f, "group", H),
                requireString(f, "topic", H),
                intOr(f, "queueId", -1, H),
                optionalLong(f, "offset", H),
                requireLong(f, "timestamp", H),
                requireBoolean(f, "isForce", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "group", group);
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "offset", offset);
        put(f, "timestamp", timestamp);
        put(f, "isForce", force);
    }
}
