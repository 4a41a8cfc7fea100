package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * END_TRANSACTION request header (37), oneway. {@code commitOrRollback} is a transaction sysFlag
 * type: see the constants. Immutable.
 */
public record EndTransactionRequestHeader(
        String topic,
        String producerGroup,
        long tranStateTableOffset,
        long commitLogOffset,
        int commitOrRollback,
        Boolean fromTransactionCheck,
        String msgId,
        String transactionId,
        String brokerName) implements CommandHeader {

    /** No decision yet (UNKNOW): the broker does nothing. */
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;

    private static final String H = "END_TRANSACTION header";

    public static EndTransactionRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static EndTransactionRequestHeader decode(Map<String, String> f) {
        return new EndTransactionRequestHeader(
                f.get("topic"),
                requireString(f, "producerGroup", H),
                requireLong(f, "tranStateTableOffset", H),
                requireLong(f, "commitLogOffset", H),
                requireInt(f, "commitOrRollback", H),
                optionalBoolean(f, "fromTransactionCheck", H),
                requireString(f, "msgId", H),
                f.get("transactionId"),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "producerGroup", producerGroup);
        put(f, "tranStateTableOffset", tranStateTableOffset);
        put(f, "commitLogOffset", commitLogOffset);
        put(f, "commitOrRollback", commitOrRollback);
        put(f, "fromTransactionCheck", fromTransactionCheck);
        put(f, "msgId", msgId);
        put(f, "transactionId", transactionId);
        put(f, "bname", brokerName);
    }
}
