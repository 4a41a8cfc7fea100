package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * SEARCH_OFFSET_BY_TIMESTAMP request header (29). {@code boundaryType} is null when the peer did not
 * send one; {@link #boundaryOrDefault()} then gives {@link BoundaryType#LOWER}. Immutable.
 */
public record SearchOffsetRequestHeader(
        String topic,
        int queueId,
        long timestamp,
        BoundaryType boundaryType,
        String brokerName) implements CommandHeader {

    private static final String H = "SEARCH_OFFSET_BY_TIMESTAMP header";

    public static SearchOffsetRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static SearchOffsetRequestHeader decode(Map<String, String> f) {
        String boundary = f.get("boundaryType");
        return new SearchOffsetRequestHeader(
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                requireLong(f, "timestamp", H),
                boundary == null ? null : BoundaryType.fromWire(boundary),
                f.get("bname"));
    }

    public BoundaryType boundaryOrDefault() {
        return boundaryType == null ? BoundaryType.LOWER : boundaryType;
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "timestamp", timestamp);
        put(f, "boundaryType", boundaryType == null ? null : boundaryType.name());
        put(f, "bname", brokerName);
    }
}
