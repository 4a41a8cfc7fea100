package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/**
 * PUSH_REPLY_MESSAGE_TO_CLIENT request header (326), broker to the requesting client: the reply's send
 * header as the responder sent it, plus where it was born and stored. Hosts are {@code ip:port}. The body
 * is the reply's body. Immutable.
 */
public record ReplyMessageRequestHeader(
        String producerGroup,
        String topic,
        String defaultTopic,
        int defaultTopicQueueNums,
        int queueId,
        int sysFlag,
        long bornTimestamp,
        int flag,
        String properties,
        Integer reconsumeTimes,
        boolean unitMode,
        String bornHost,
        String storeHost,
        long storeTimestamp) implements CommandHeader {

    private static final String H = "PUSH_REPLY_MESSAGE_TO_CLIENT header";

    public static ReplyMessageRequestHeader decode(RemotingCommand command) {
        Map<String, String> f = HeaderFields.of(command);
        return new ReplyMessageRequestHeader(
                f.get("producerGroup"),
                f.get("topic"),
                f.get("defaultTopic"),
                requireInt(f, "defaultTopicQueueNums", H),
                requireInt(f, "queueId", H),
                requireInt(f, "sysFlag", H),
                requireLong(f, "bornTimestamp", H),
                requireInt(f, "flag", H),
                f.get("properties"),
                HeaderFields.optionalInt(f, "reconsumeTimes", H),
                HeaderFields.booleanOr(f, "unitMode", false, H),
                f.get("bornHost"),
                f.get("storeHost"),
                requireLong(f, "storeTimestamp", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "producerGroup", producerGroup);
        put(f, "topic", topic);
        put(f, "defaultTopic", defaultTopic);
        put(f, "defaultTopicQueueNums", defaultTopicQueueNums);
        put(f, "queueId", queueId);
        put(f, "sysFlag", sysFlag);
        put(f, "bornTimestamp", bornTimestamp);
        put(f, "flag", flag);
        put(f, "properties", properties);
        put(f, "reconsumeTimes", reconsumeTimes);
        put(f, "unitMode", unitMode);
        put(f, "bornHost", bornHost);
        put(f, "storeHost", storeHost);
        put(f, "storeTimestamp", storeTimestamp);
    }
}
