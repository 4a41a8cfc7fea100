package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/**
 * VIEW_MESSAGE_BY_ID request header (33): {@code offset} is a commit-log offset. Immutable.
 */
public record ViewMessageRequestHeader(
        String topic,
        long offset,
        String brokerName) implements CommandHeader {

    private static final String H = "VIEW_MESSAGE_BY_ID header";

    public static ViewMessageRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static ViewMessageRequestHeader decode(Map<String, String> f) {
        return new ViewMessageRequestHeader(
                f.get("topic"),
                requireLong(f, "offset", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "offset", offset);
        put(f, "bname", brokerName);
    }
}
