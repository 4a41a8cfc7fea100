package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * QUERY_CORRECTION_OFFSET request header (308): the groups to take the minimum offset over
 * ({@code filterGroups}, comma-separated, are left out) and the group to compare with. Immutable.
 */
public record QueryCorrectionOffsetHeader(
        String filterGroups,
        String compareGroup,
        String topic) implements CommandHeader {

    private static final String H = "QUERY_CORRECTION_OFFSET header";

    public static QueryCorrectionOffsetHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static QueryCorrectionOffsetHeader decode(Map<String, String> f) {
        return new QueryCorrectionOffsetHeader(
                f.get("filterGroups"),
                requireString(f, "compareGroup", H),
                requireString(f, "topic", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "filterGroups", filterGroups);
        put(f, "compareGroup", compareGroup);
        put(f, "topic", topic);
    }
}
