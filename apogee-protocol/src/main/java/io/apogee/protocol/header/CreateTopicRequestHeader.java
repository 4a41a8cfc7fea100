package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireBoolean;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * UPDATE_AND_CREATE_TOPIC request header (17). {@code attributes} is {@code ""} or {@code
 * +key=value,...}. Immutable.
 */
public record CreateTopicRequestHeader(
        String topic,
        String defaultTopic,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        String topicFilterType,
        Integer topicSysFlag,
        boolean order,
        String attributes,
        Boolean force,
        String brokerName) implements CommandHeader {

    private static final String H = "UPDATE_AND_CREATE_TOPIC header";

    public static CreateTopicRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static CreateTopicRequestHeader decode(Map<String, String> f) {
        return new CreateTopicRequestHeader(
                requireString(f, "topic", H),
                requireString(f, "defaultTopic", H),
                requireInt(f, "readQueueNums", H),
                requireInt(f, "writeQueueNums", H),
                requireInt(f, "perm", H),
                requireString(f, "topicFilterType", H),
                optionalInt(f, "topicSysFlag", H),
                requireBoolean(f, "order", H),
                f.get("attributes"),
                optionalBoolean(f, "force", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "defaultTopic", defaultTopic);
        put(f, "readQueueNums", readQueueNums);
        put(f, "writeQueueNums", writeQueueNums);
        put(f, "perm", perm);
        put(f, "topicFilterType", topicFilterType);
        put(f, "topicSysFlag", topicSysFlag);
        put(f, "order", order);
        put(f, "attributes", attributes);
        put(f, "force", force);
        put(f, "bname", brokerName);
    }
}
