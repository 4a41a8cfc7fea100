package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/**
 * QUERY_MESSAGE response header. Immutable.
 */
public record QueryMessageResponseHeader(
        long indexLastUpdateTimestamp,
        long indexLastUpdatePhyoffset) implements CommandHeader {

    private static final String H = "QUERY_MESSAGE response header";

    public static QueryMessageResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static QueryMessageResponseHeader decode(Map<String, String> f) {
        return new QueryMessageResponseHeader(
                requireLong(f, "indexLastUpdateTimestamp", H),
                requireLong(f, "indexLastUpdatePhyoffset", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "indexLastUpdateTimestamp", indexLastUpdateTimestamp);
        put(f, "indexLastUpdatePhyoffset", indexLastUpdatePhyoffset);
    }
}
