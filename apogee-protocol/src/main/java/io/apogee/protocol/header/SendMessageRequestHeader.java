package io.apogee.protocol.header;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * The send request header of SEND_MESSAGE (long names), SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE
 * (single-letter keys {@code a..n}). One type serves both spellings so that a broker processor
 * handles every send the same way; {@link #decode(RemotingCommand)} picks the spelling by code.
 *
 * <p>Nullable components are optional on the wire; {@code brokerName} is V1's {@code bname} and
 * V2's {@code n}. Immutable.
 */
public record SendMessageRequestHeader(
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
        Boolean unitMode,
        Boolean batch,
        Integer maxReconsumeTimes,
        String brokerName) implements CommandHeader {

    private static final String V1 = "SEND_MESSAGE header";
    private static final String V2 = "SEND_MESSAGE_V2 header";

    /** Reads the header in the spelling that {@code command}'s code uses. */
    public static SendMessageRequestHeader decode(RemotingCommand command) {
        Map<String, String> fields = HeaderFields.of(command);
        return usesShortKeys(command.code()) ? decodeV2(fields) : decodeV1(fields);
    }

    /** Whether a send request with this code carries the single-letter keys. */
    public static boolean usesShortKeys(int code) {
        return code == RequestCode.SEND_MESSAGE_V2 || code == RequestCode.SEND_BATCH_MESSAGE
                || code == RequestCode.SEND_REPLY_MESSAGE_V2;
    }

    /** Reads the long-name spelling, the counterpart of {@link #writeTo(Map)}. */
    public static SendMessageRequestHeader decode(Map<String, String> fields) {
        return decodeV1(fields);
    }

    public static SendMessageRequestHeader decodeV1(Map<String, String> f) {
        return new SendMessageRequestHeader(
                requireString(f, "producerGroup", V1),
                requireString(f, "topic", V1),
                requireString(f, "defaultTopic", V1),
                requireInt(f, "defaultTopicQueueNums", V1),
                requireInt(f, "queueId", V1),
                requireInt(f, "sysFlag", V1),
                requireLong(f, "bornTimestamp", V1),
                requireInt(f, "flag", V1),
                f.get("properties"),
                optionalInt(f, "reconsumeTimes", V1),
                optionalBoolean(f, "unitMode", V1),
                optionalBoolean(f, "batch", V1),
                optionalInt(f, "maxReconsumeTimes", V1),
                f.get("bname"));
    }

    public static SendMessageRequestHeader decodeV2(Map<String, String> f) {
        return new SendMessageRequestHeader(
                requireString(f, "a", V2),
                requireString(f, "b", V2),
                requireString(f, "c", V2),
                requireInt(f, "d", V2),
                requireInt(f, "e", V2),
                requireInt(f, "f", V2),
                requireLong(f, "g", V2),
                requireInt(f, "h", V2),
                f.get("i"),
                optionalInt(f, "j", V2),
                optionalBoolean(f, "k", V2),
                optionalBoolean(f, "m", V2),
                optionalInt(f, "l", V2),
                f.get("n"));
    }

    /** Writes the long-name (SEND_MESSAGE) spelling. */
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
        put(f, "batch", batch);
        put(f, "maxReconsumeTimes", maxReconsumeTimes);
        put(f, "bname", brokerName);
    }

    /** Writes the single-letter (SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE) spelling. */
    public void writeV2To(Map<String, String> f) {
        put(f, "a", producerGroup);
        put(f, "b", topic);
        put(f, "c", defaultTopic);
        put(f, "d", defaultTopicQueueNums);
        put(f, "e", queueId);
        put(f, "f", sysFlag);
        put(f, "g", bornTimestamp);
        put(f, "h", flag);
        put(f, "i", properties);
        put(f, "j", reconsumeTimes);
        put(f, "k", unitMode);
        put(f, "l", maxReconsumeTimes);
        put(f, "m", batch);
        put(f, "n", brokerName);
    }

    /** Writes the spelling that {@code command}'s code uses. */
    @Override
    public RemotingCommand applyTo(RemotingCommand command) {
        Map<String, String> fields = HeaderFields.writable(command);
        if (usesShortKeys(command.code())) {
            writeV2To(fields);
        } else {
            writeTo(fields);
        }
        return command;
    }

    /** Whether the request is a batch ({@code m=true}). */
    public boolean isBatch() {
        return Boolean.TRUE.equals(batch);
    }
}
