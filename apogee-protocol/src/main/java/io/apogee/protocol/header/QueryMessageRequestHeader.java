package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * QUERY_MESSAGE request header (12). {@code uniqueKeyQuery} is the {@code _UNIQUE_KEY_QUERY}
 * extension: true looks {@code key} up as a UNIQ_KEY, false as a KEYS entry. Immutable.
 */
public record QueryMessageRequestHeader(
        String topic,
        String key,
        int maxNum,
        long beginTimestamp,
        long endTimestamp,
        Boolean uniqueKeyQuery,
        String brokerName) implements CommandHeader {

    private static final String H = "QUERY_MESSAGE header";

    public static QueryMessageRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static QueryMessageRequestHeader decode(Map<String, String> f) {
        return new QueryMessageRequestHeader(
                requireString(f, "topic", H),
                requireString(f, "key", H),
                requireInt(f, "maxNum", H),
                requireLong(f, "beginTimestamp", H),
                requireLong(f, "endTimestamp", H),
                optionalBoolean(f, "_UNIQUE_KEY_QUERY", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "key", key);
        put(f, "maxNum", maxNum);
        put(f, "beginTimestamp", beginTimestamp);
        put(f, "endTimestamp", endTimestamp);
        put(f, "_UNIQUE_KEY_QUERY", uniqueKeyQuery);
        put(f, "bname", brokerName);
    }
}
