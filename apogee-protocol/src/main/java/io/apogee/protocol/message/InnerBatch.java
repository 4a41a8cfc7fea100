package io.apogee.protocol.message;

import io.apogee.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A batch stored whole as one record: how RocketMQ 5 keeps a SEND_BATCH_MESSAGE to a topic whose
 * {@code queue.type} attribute is {@code BatchCQ} when the batch itself carries a client id. The record's
 * sysFlag has {@link MessageSysFlag#INNER_BATCH_FLAG} and {@link MessageSysFlag#NEED_UNWRAP_FLAG}, its body is
 * the batch body (section 4.4), its {@code INNER_NUM} property the number of messages, and it takes that many
 * consecutive queue offsets from its own; consumers unwrap it.
 *
 * <p>Thread safety: stateless; any thread.
 */
public final class InnerBatch {

    /** The two sysFlag bits that mark an inner batch. */
    public static final int FLAGS = MessageSysFlag.INNER_BATCH_FLAG | MessageSysFlag.NEED_UNWRAP_FLAG;
    /** The topic attribute that asks for inner batches, and its value. */
    public static final String QUEUE_TYPE_ATTRIBUTE = "queue.type";
    public static final String BATCH_QUEUE_TYPE = "BatchCQ";

    private InnerBatch() {
    }

    public static boolean isInnerBatch(int sysFlag) {
        return (sysFlag & FLAGS) == FLAGS;
    }

    /** Messages in a batch body, whose records are checked; throws {@link ProtocolException} on a malformed one. */
    public static int count(ByteBuffer batch) {
        return count(batch, batch.position(), batch.limit());
    }

    /** As {@link #count(ByteBuffer)}, for the batch body between absolute indexes {@code from} and {@code to}. */
    public static int count(ByteBuffer buffer, int from, int to) {
        int count = 0;
        for (int at = from; at < to; count++) {
            at += BatchMessageCodec.checkRecord(buffer, at, to);
        }
        return count;
    }

    /**
     * The queue offsets a record with {@code sysFlag} takes, its body being the bytes between absolute indexes
     * {@code from} and {@code to} of {@code buffer}: one for anything but an inner batch (the body is not read),
     * one per message of an inner batch's body, and 0 when that body is not a batch. The commit log takes the
     * offsets and the dispatcher writes the queue entries by this one count, so the two always agree.
     */
    public static int queueOffsets(int sysFlag, ByteBuffer buffer, int from, int to) {
        if (!isInnerBatch(sysFlag)) {
            return 1;
        }
        try {
            return count(buffer, from, to);
        } catch (ProtocolException e) {
            return 0;
        }
    }

    /**
     * The message of an inner batch whose client id ({@code UNIQ_KEY}) is {@code uniqKey}, as a record of its
     * own: its flag, body and properties, the batch record's everything else, and no inner-batch flags. Null
     * when no message of the batch has that id or the body is not a batch.
     */
    public static StoredMessage member(StoredMessage record, String uniqKey) {
        if (uniqKey == null) {
            return null;
        }
        try {
            for (BatchMessage message : BatchMessageCodec.decode(ByteBuffer.wrap(record.body()))) {
                if (uniqKey.equals(MessageProperties.get(message.properties(),
                        MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))) {
                    return new StoredMessage(record.magic(), MessageChecksum.crc32(message.body()), record.queueId(),
                            message.flag(), record.queueOffset(), record.physicalOffset(), record.sysFlag() & ~FLAGS,
                            record.bornTimestamp(), record.bornHost(), record.storeTimestamp(), record.storeHost(),
                            record.reconsumeTimes(), record.preparedTransactionOffset(), message.body(),
                            record.topic(), message.properties());
                }
            }
        } catch (ProtocolException e) {
            return null;
        }
        return null;
    }

    /** The {@code INNER_NUM} property entry for {@code count} messages, as stored properties bytes. */
    public static byte[] innerNumProperty(int count) {
        return (MessageConst.PROPERTY_INNER_NUM + MessageProperties.NAME_VALUE_SEPARATOR + count
                + MessageProperties.PROPERTY_SEPARATOR).getBytes(StandardCharsets.US_ASCII);
    }
}
