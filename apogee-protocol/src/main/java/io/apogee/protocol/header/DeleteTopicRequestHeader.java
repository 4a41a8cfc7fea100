package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * DELETE_TOPIC_IN_BROKER request header (215). Immutable.
 */
public record DeleteTopicRequestHeader(
        String topic) implements CommandHeader {

    private static final String H = "DELETE_TOPIC_IN_BROKER header";

    public static DeleteTopicRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static DeleteTopicRequestHeader decode(Map<String, String> f) {
        return new DeleteTopicRequestHeader(
                requireString(f, "topic", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
    }
}
