package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/**
 * CHECK_TRANSACTION_STATE request header (39), broker to producer, oneway; the body is the half
 * message. Immutable.
 */
public record CheckTransactionStateRequestHeader(
        String topic,
        long tranStateTableOffset,
        long commitLogOffset,
        String msgId,
        String transactionId,
        String offsetMsgId,
        String brokerName) implements CommandHeader {

    private static final String H = "CHECK_TRANSACTION_STATE header";

    public static CheckTransactionStateRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static CheckTransactionStateRequestHeader decode(Map<String, String> f) {
        return new CheckTransactionStateRequestHeader(
                f.get("topic"),
                requireLong(f, "tranStateTableOffset", H),
                requireLong(f, "commitLogOffset", H),
                f.get("msgId"),
                f.get("transactionId"),
                f.get("offsetMsgId"),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "tranStateTableOffset", tranStateTableOffset);
        put(f, "commitLogOffset", commitLogOffset);
        put(f, "msgId", msgId);
        put(f, "transactionId", transactionId);
        put(f, "offsetMsgId", offsetMsgId);
        put(f, "bname", brokerName);
    }
}
