package io.apogee.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static io.apogee.protocol.message.StoredMessageLayout.*;

/**
 * A flyweight over one stored-layout record inside a buffer: {@link #wrap} points it at a record and
 * the accessors read single fields with absolute gets, decoding nothing else and allocating nothing
 * (except the String-returning convenience methods).
 *
 * <p>Accessors trust the record's own lengths; call {@link #isWellFormed(int)} first on bytes that may be
 * torn or damaged. The positions that follow from the sysFlag and the variable lengths are read once per
 * {@link #wrap} and kept, so a reader asking for many fields of a record does not walk the layout each time;
 * the record must not change while it is wrapped.
 *
 * <p>Thread safety: not thread safe; one instance per reading thread. The buffer itself is only read.
 */
public final class StoredMessageView {

    private static final int UNREAD = -1;

    private ByteBuffer buffer;
    /** The buffer's whole backing array when it has one and is all of it, else null. */
    private byte[] array;
    private int base;
    /** The record's sysFlag; read with {@link #bodyLengthIndex}. */
    private int flags;
    /** Absolute index of the body length field, or {@link #UNREAD}. */
    private int bodyLengthIndex = UNREAD;
    /** Absolute index of the topic length field, or {@link #UNREAD}. */
    private int topicLengthIndex = UNREAD;
    /** Absolute index of the properties length field, or {@link #UNREAD}. */
    private int propertiesLengthIndex = UNREAD;

    public StoredMessageView wrap(ByteBuffer buffer, int index) {
        this.buffer = buffer;
        this.array = buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.limit() == buffer.array().length
                ? buffer.array() : null;
        this.base = index;
        this.bodyLengthIndex = UNREAD;
        this.topicLengthIndex = UNREAD;
        this.propertiesLengthIndex = UNREAD;
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the record in {@link #buffer()}. */
    public int index() {
        return base;
    }

    public int totalSize() {
        return int32(base + TOTAL_SIZE_OFFSET);
    }

    public int magic() {
        return int32(base + MAGIC_OFFSET);
    }

    public int bodyCrc() {
        return int32(base + BODY_CRC_OFFSET);
    }

    public int queueId() {
        return int32(base + QUEUE_ID_OFFSET);
    }

    public int flag() {
        return int32(base + FLAG_OFFSET);
    }

    public long queueOffset() {
        return int64(base + QUEUE_OFFSET_OFFSET);
    }

    public long physicalOffset() {
        return int64(base + PHYSICAL_OFFSET_OFFSET);
    }

    public int sysFlag() {
        bodyLengthIndex();
        return flags;
    }

    private int bodyLengthIndex() {
        if (bodyLengthIndex == UNREAD) {
            flags = int32(base + SYS_FLAG_OFFSET);
            bodyLengthIndex = base + bodyLengthOffset(flags);
        }
        return bodyLengthIndex;
    }

    public long bornTimestamp() {
        return int64(base + BORN_TIMESTAMP_OFFSET);
    }

    public HostAddress bornHost() {
        return host(bornHostIndex(), MessageSysFlag.bornHostLength(sysFlag()));
    }

    /** Absolute index of the born host field (address then port). */
    public int bornHostIndex() {
        return base + BORN_HOST_OFFSET;
    }

    public long storeTimestamp() {
        return int64(base + storeTimestampOffset(sysFlag()));
    }

    /** Absolute index of the store host field (address then port). */
    public int storeHostIndex() {
        return base + storeHostOffset(sysFlag());
    }

    public HostAddress storeHost() {
        return host(storeHostIndex(), MessageSysFlag.storeHostLength(sysFlag()));
    }

    public int reconsumeTimes() {
        return int32(base + reconsumeTimesOffset(sysFlag()));
    }

    public long preparedTransactionOffset() {
        return int64(base + preparedTransactionOffsetOffset(sysFlag()));
    }

    public int bodyLength() {
        return int32(bodyLengthIndex());
    }

    /** Absolute index of the first body byte. */
    public int bodyIndex() {
        return bodyLengthIndex() + 4;
    }

    private int topicLengthIndex() {
        if (topicLengthIndex == UNREAD) {
            topicLengthIndex = bodyIndex() + bodyLength();
        }
        return topicLengthIndex;
    }

    public int topicLength() {
        int at = topicLengthIndex();
        return topicLengthWidth(magic()) == 2 ? uint16(at) : uint8(at);
    }

    public int topicIndex() {
        return topicLengthIndex() + topicLengthWidth(magic());
    }

    private int propertiesLengthIndex() {
        if (propertiesLengthIndex == UNREAD) {
            propertiesLengthIndex = topicIndex() + topicLength();
        }
        return propertiesLengthIndex;
    }

    public int propertiesLength() {
        return uint16(propertiesLengthIndex());
    }

    public int propertiesIndex() {
        return propertiesLengthIndex() + 2;
    }

    public String topic() {
        return string(topicIndex(), topicLength());
    }

    public String properties() {
        return string(propertiesIndex(), propertiesLength());
    }

    public byte[] body() {
        byte[] body = new byte[bodyLength()];
        buffer.get(bodyIndex(), body);
        return body;
    }

    /**
     * True when the record starts with a message magic, its total size fits between {@link #index()} and
     * {@code limit}, and its inner lengths add up to exactly its total size. Does not check the CRC.
     */
    public boolean isWellFormed(int limit) {
        if (limit - base < BORN_HOST_OFFSET || !isMessageMagic(magic())) {
            return false;
        }
        int total = totalSize();
        int flags = sysFlag();
        int fixed = bodyLengthOffset(flags) + 4;
        if (total < fixed + 3 || total > limit - base) {
            return false;
        }
        long bodyLength = bodyLength();
        if (bodyLength < 0 || fixed + bodyLength + topicLengthWidth(magic()) + 2 > total) {
            return false;
        }
        long end = (long) topicIndex() + topicLength() + 2 - base;
        if (end > total) {
            return false;
        }
        return end + propertiesLength() == total;
    }

    /*
     * Big-endian reads. A heap array is read directly: the same value as the buffer's get, but cheaper where
     * the buffer's own path is not compiled down to a load (a client's first seconds, or a JVM running C1).
     */

    private int int32(int index) {
        byte[] a = array;
        if (a == null) {
            return buffer.getInt(index);
        }
        return (a[index] << 24) | (a[index + 1] & 0xFF) << 16 | (a[index + 2] & 0xFF) << 8 | (a[index + 3] & 0xFF);
    }

    private long int64(int index) {
        if (array == null) {
            return buffer.getLong(index);
        }
        return (long) int32(index) << 32 | int32(index + 4) & 0xFFFF_FFFFL;
    }

    private int uint16(int index) {
        byte[] a = array;
        if (a == null) {
            return buffer.getShort(index) & 0xFFFF;
        }
        return (a[index] & 0xFF) << 8 | (a[index + 1] & 0xFF);
    }

    private int uint8(int index) {
        return buffer.get(index) & 0xFF;
    }

    private HostAddress host(int at, int length) {
        byte[] ip = new byte[length - 4];
        buffer.get(at, ip);
        return new HostAddress(ip, int32(at + ip.length));
    }

    private String string(int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
