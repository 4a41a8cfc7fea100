package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/**
 * The {@code offset} response header shared by QUERY_CONSUMER_OFFSET, GET_MAX_OFFSET,
 * GET_MIN_OFFSET and SEARCH_OFFSET_BY_TIMESTAMP. Immutable.
 */
public record OffsetResponseHeader(
        long offset) implements CommandHeader {

    private static final String H = "offset response header";

    public static OffsetResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static OffsetResponseHeader decode(Map<String, String> f) {
        return new OffsetResponseHeader(
                requireLong(f, "offset", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "offset", offset);
    }
}
