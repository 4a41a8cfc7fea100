package io.apogee.protocol.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import static io.apogee.protocol.message.StoredMessageLayout.*;

/**
 * Writes one stored-layout record from its pieces straight into a target buffer (for the store, a mapped
 * commit-log file), so that no intermediate copy of the message exists. The writer is reusable: set the
 * fields, call {@link #recordLength()} to reserve space, then {@link #writeTo(ByteBuffer, int)}. Body,
 * topic and properties are read between the position and limit of the buffers given, which are left
 * untouched.
 *
 * <p>Writing allocates nothing.
 *
 * <p>Thread safety: not thread safe; one owner thread (or one lock holder) per instance.
 */
public final class StoredMessageWriter {

    private final CRC32 crc = new CRC32();

    private int queueId;
    private int flag;
    private long queueOffset;
    private long physicalOffset;
    private int sysFlag;
    private long bornTimestamp;
    private byte[] bornHostIp = new byte[4];
    private int bornPort;
    private long storeTimestamp;
    private byte[] storeHostIp = new byte[4];
    private int storePort;
    private int reconsumeTimes;
    private long preparedTransactionOffset;
    private int bodyCrc;
    private ByteBuffer body;
    private ByteBuffer topic;
    private ByteBuffer properties;

    /** Clears every field, ready for the next message. */
    public StoredMessageWriter reset() {
        queueId = 0;
        flag = 0;
        queueOffset = 0;
        physicalOffset = 0;
        sysFlag = 0;
        bornTimestamp = 0;
        bornPort = 0;
        storeTimestamp = 0;
        storePort = 0;
        reconsumeTimes = 0;
        preparedTransactionOffset = 0;
        bodyCrc = 0;
        body = null;
        topic = null;
        properties = null;
        return this;
    }

    public StoredMessageWriter queueId(int value) {
        queueId = value;
        return this;
    }

    public StoredMessageWriter flag(int value) {
        flag = value;
        return this;
    }

    public StoredMessageWriter queueOffset(long value) {
        queueOffset = value;
        return this;
    }

    public StoredMessageWriter physicalOffset(long value) {
        physicalOffset = value;
        return this;
    }

    /**
     * Sets the sysFlag as given; the host-family bits are then adjusted by {@link #bornHost} and
     * {@link #storeHost} to the addresses' lengths.
     */
    public StoredMessageWriter sysFlag(int value) {
        sysFlag = value;
        return this;
    }

    public StoredMessageWriter bornTimestamp(long value) {
        bornTimestamp = value;
        return this;
    }

    /** The array is kept, not copied: it must not change until the record is written. */
    public StoredMessageWriter bornHost(byte[] ip, int port) {
        bornHostIp = ip;
        bornPort = port;
        return this;
    }

    public StoredMessageWriter storeTimestamp(long value) {
        storeTimestamp = value;
        return this;
    }

    /** The array is kept, not copied: it must not change until the record is written. */
    public StoredMessageWriter storeHost(byte[] ip, int port) {
        storeHostIp = ip;
        storePort = port;
        return this;
    }

    public StoredMessageWriter reconsumeTimes(int value) {
        reconsumeTimes = value;
        return this;
    }

    public StoredMessageWriter preparedTransactionOffset(long value) {
        preparedTransactionOffset = value;
        return this;
    }

    public StoredMessageWriter bodyCrc(int value) {
        bodyCrc = value;
        return this;
    }

    /** Sets the body crc to the masked CRC32 of the current body. */
    public StoredMessageWriter computeBodyCrc() {
        bodyCrc = body == null ? 0 : MessageChecksum.crc32(crc, body);
        return this;
    }

    public StoredMessageWriter body(ByteBuffer value) {
        body = value;
        return this;
    }

    /** UTF-8 topic bytes. */
    public StoredMessageWriter topic(ByteBuffer value) {
        topic = value;
        return this;
    }

    /** UTF-8 properties-string bytes; null for none. */
    public StoredMessageWriter properties(ByteBuffer value) {
        properties = value;
        return this;
    }

    public int bodyLength() {
        return body == null ? 0 : body.remaining();
    }

    public int topicLength() {
        return topic == null ? 0 : topic.remaining();
    }

    public int propertiesLength() {
        return properties == null ? 0 : properties.remaining();
    }

    /** The sysFlag written, with the host-family bits matching the host address lengths. */
    public int effectiveSysFlag() {
        int value = sysFlag & ~(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG);
        if (bornHostIp.length == 16) {
            value |= MessageSysFlag.BORNHOST_V6_FLAG;
        }
        if (storeHostIp.length == 16) {
            value |= MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
        }
        return value;
    }

    public int magic() {
        return magicFor(topicLength());
    }

    /** Bytes the record will take. */
    public int recordLength() {
        return StoredMessageLayout.recordLength(effectiveSysFlag(), magic(), bodyLength(), topicLength(),
                propertiesLength());
    }

    /**
     * Writes the record at absolute {@code index} of {@code dst} (whose position is not changed) and
     * returns its length. The caller has checked that the record fits and that the properties are at most
     * {@link MessageProperties#MAX_STORED_LENGTH} bytes.
     */
    public int writeTo(ByteBuffer dst, int index) {
        int flags = effectiveSysFlag();
        int magic = magic();
        int length = StoredMessageLayout.recordLength(flags, magic, bodyLength(), topicLength(), propertiesLength());
        dst.putInt(index + TOTAL_SIZE_OFFSET, length);
        dst.putInt(index + MAGIC_OFFSET, magic);
        dst.putInt(index + BODY_CRC_OFFSET, bodyCrc);
        dst.putInt(index + QUEUE_ID_OFFSET, queueId);
        dst.putInt(index + FLAG_OFFSET, flag);
        dst.putLong(index + QUEUE_OFFSET_OFFSET, queueOffset);
        dst.putLong(index + PHYSICAL_OFFSET_OFFSET, physicalOffset);
        dst.putInt(index + SYS_FLAG_OFFSET, flags);
        dst.putLong(index + BORN_TIMESTAMP_OFFSET, bornTimestamp);
        int at = index + BORN_HOST_OFFSET;
        dst.put(at, bornHostIp);
        at += bornHostIp.length;
        dst.putInt(at, bornPort);
        at += 4;
        dst.putLong(at, storeTimestamp);
        at += 8;
        dst.put(at, storeHostIp);
        at += storeHostIp.length;
        dst.putInt(at, storePort);
        at += 4;
        dst.putInt(at, reconsumeTimes);
        at += 4;
        dst.putLong(at, preparedTransactionOffset);
        at += 8;
        at = putBlock(dst, at, body, 4);
        at = putBlock(dst, at, topic, topicLengthWidth(magic));
        putBlock(dst, at, properties, 2);
        return length;
    }

    private static int putBlock(ByteBuffer dst, int at, ByteBuffer src, int lengthWidth) {
        int length = src == null ? 0 : src.remaining();
        switch (lengthWidth) {
            case 1 -> dst.put(at, (byte) length);
            case 2 -> dst.putShort(at, (short) length);
            default -> dst.putInt(at, length);
        }
        at += lengthWidth;
        if (length > 0) {
            dst.put(at, src, src.position(), length);
        }
        return at + length;
    }
}
