package io.apogee.protocol.message;

import java.nio.ByteBuffer;

/**
 * Offsets and sizes of the stored message layout (section 4.6), which is both the commit-log record and
 * the record of pull, query and view bodies:
 *
 * <pre>
 *  0 TOTALSIZE int32        4 MAGICCODE int32       8 BODYCRC int32        12 QUEUEID int32
 * 16 FLAG int32            20 QUEUEOFFSET int64    28 PHYSICALOFFSET int64 36 SYSFLAG int32
 * 40 BORNTIMESTAMP int64   48 BORNHOST (4|16 + 4)  .. STORETIMESTAMP int64 .. STOREHOST (4|16 + 4)
 * .. RECONSUMETIMES int32  .. PREPARED_TRANSACTION_OFFSET int64
 * .. BODY int32 + bytes    .. TOPIC int8 (V1) | int16 (V2) + bytes    .. PROPERTIES int16 + bytes
 * </pre>
 *
 * <p>Thread safety: constants and pure functions.
 */
public final class StoredMessageLayout {

    /** Magic of records with a 1-byte topic length. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Magic of records with a 2-byte topic length. */
    public static final int MAGIC_V2 = 0xDAA320AB;
    /** Magic of the filler record that pads the end of a commit-log file (RocketMQ's BLANK code). */
    public static final int MAGIC_BLANK = 0xCBD43194;
    /** The smallest filler: its total size and magic. */
    public static final int BLANK_MIN_LENGTH = 8;

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int BODY_CRC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int FLAG_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int PHYSICAL_OFFSET_OFFSET = 28;
    public static final int SYS_FLAG_OFFSET = 36;
    public static final int BORN_TIMESTAMP_OFFSET = 40;
    public static final int BORN_HOST_OFFSET = 48;
    /** Longest V1 topic. */
    public static final int MAX_TOPIC_LENGTH_V1 = 255;
    /** Longest V2 topic. */
    public static final int MAX_TOPIC_LENGTH_V2 = Short.MAX_VALUE;

    private StoredMessageLayout() {
    }

    /** The PHYSICALOFFSET field of the record that starts at {@code record}'s position. */
    public static long physicalOffset(ByteBuffer record) {
        return record.getLong(record.position() + PHYSICAL_OFFSET_OFFSET);
    }

    public static boolean isMessageMagic(int magic) {
        return magic == MAGIC_V1 || magic == MAGIC_V2;
    }

    /** Width of the topic length field for this magic. */
    public static int topicLengthWidth(int magic) {
        return magic == MAGIC_V2 ? 2 : 1;
    }

    /** The magic to use for a topic of {@code topicLength} UTF-8 bytes: V1 when it fits, as RocketMQ does. */
    public static int magicFor(int topicLength) {
        return topicLength > MAX_TOPIC_LENGTH_V1 ? MAGIC_V2 : MAGIC_V1;
    }

    public static int storeTimestampOffset(int sysFlag) {
        return BORN_HOST_OFFSET + MessageSysFlag.bornHostLength(sysFlag);
    }

    public static int storeHostOffset(int sysFlag) {
        return storeTimestampOffset(sysFlag) + 8;
    }

    public static int reconsumeTimesOffset(int sysFlag) {
        return storeHostOffset(sysFlag) + MessageSysFlag.storeHostLength(sysFlag);
    }

    public static int preparedTransactionOffsetOffset(int sysFlag) {
        return reconsumeTimesOffset(sysFlag) + 4;
    }

    /** Offset of the int32 body length. */
    public static int bodyLengthOffset(int sysFlag) {
        return preparedTransactionOffsetOffset(sysFlag) + 8;
    }

    /** Bytes of a whole record. */
    public static int recordLength(int sysFlag, int magic, int bodyLength, int topicLength, int propertiesLength) {
        return bodyLengthOffset(sysFlag) + 4 + bodyLength + topicLengthWidth(magic) + topicLength + 2
                + propertiesLength;
    }
}
