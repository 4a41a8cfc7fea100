package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * The send response header. {@code msgId} is the offset message id (comma-joined for batches).
 * {@code msgRegion} and {@code traceOn} travel as {@code MSG_REGION} and {@code TRACE_ON}, which the
 * official client reads from {@code extFields} directly; a broker should always set them.
 * Immutable.
 */
public record SendMessageResponseHeader(
        String msgId,
        int queueId,
        long queueOffset,
        String transactionId,
        String batchUniqId,
        String recallHandle,
        String msgRegion,
        Boolean traceOn) implements CommandHeader {

    private static final String H = "send response header";

    public static SendMessageResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static SendMessageResponseHeader decode(Map<String, String> f) {
        return new SendMessageResponseHeader(
                requireString(f, "msgId", H),
                requireInt(f, "queueId", H),
                requireLong(f, "queueOffset", H),
                f.get("transactionId"),
                f.get("batchUniqId"),
                f.get("recallHandle"),
                f.get("MSG_REGION"),
                optionalBoolean(f, "TRACE_ON", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "msgId", msgId);
        put(f, "queueId", queueId);
        put(f, "queueOffset", queueOffset);
        put(f, "transactionId", transactionId);
        put(f, "batchUniqId", batchUniqId);
        put(f, "recallHandle", recallHandle);
        put(f, "MSG_REGION", msgRegion);
        put(f, "TRACE_ON", traceOn);
    }
}
