package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * DELETE_TOPIC_IN_NAMESRV request header (216); a null cluster deletes the topic everywhere.
 * Immutable.
 */
public record DeleteTopicFromNamesrvRequestHeader(
        String topic,
        String clusterName) implements CommandHeader {

    private static final String H = "DELETE_TOPIC_IN_NAMESRV header";

    public static DeleteTopicFromNamesrvRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static DeleteTopicFromNamesrvRequestHeader decode(Map<String, String> f) {
        return new DeleteTopicFromNamesrvRequestHeader(
                requireString(f, "topic", H),
                f.get("clusterName"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "clusterName", clusterName);
    }
}
