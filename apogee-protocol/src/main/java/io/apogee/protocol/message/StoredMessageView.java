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
 * torn or damaged.
 *
 * <p>Thread safety: not thread safe; one instance per reading thread. The buffer itself is only read.
 */
public final class StoredMessageView {

    private ByteBuffer buffer;
    private int base;

    public StoredMessageView wrap(ByteBuffer buffer, int index) {
        this.buffer = buffer;
        this.base = index;
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
        return buffer.getInt(base + TOTAL_SIZE_OFFSET);
    }

    public int magic() {
        return buffer.getInt(base + MAGIC_OFFSET);
    }

    public int bodyCrc() {
        return buffer.getInt(base + BODY_CRC_OFFSET);
    }

    public int queueId() {
        return buffer.getInt(base + QUEUE_ID_OFFSET);
    }

    public int flag() {
        return buffer.getInt(base + FLAG_OFFSET);
    }

    public long queueOffset() {
        return buffer.getLong(base + QUEUE_OFFSET_OFFSET);
    }

    public long physicalOffset() {
        return buffer.getLong(base + PHYSICAL_OFFSET_OFFSET);
    }

    public int sysFlag() {
        return buffer.getInt(base + SYS_FLAG_OFFSET);
    }

    public long bornTimestamp() {
        return buffer.getLong(base + BORN_TIMESTAMP_OFFSET);
    }

    public HostAddress bornHost() {
        return host(bornHostIndex(), MessageSysFlag.bornHostLength(sysFlag()));
    }

    /** Absolute index of the born host field (address then port). */
    public int bornHostIndex() {
        return base + BORN_HOST_OFFSET;
    }

    public long storeTimestamp() {
        return buffer.getLong(base + storeTimestampOffset(sysFlag()));
    }

    /** Absolute index of the store host field (address then port). */
    public int storeHostIndex() {
        return base + storeHostOffset(sysFlag());
    }

    public HostAddress storeHost() {
        return host(storeHostIndex(), MessageSysFlag.storeHostLength(sysFlag()));
    }

    public int reconsumeTimes() {
        return buffer.getInt(base + reconsumeTimesOffset(sysFlag()));
    }

    public long preparedTransactionOffset() {
        return buffer.getLong(base + preparedTransactionOffsetOffset(sysFlag()));
    }

    public int bodyLength() {
        return buffer.getInt(base + bodyLengthOffset(sysFlag()));
    }

    /** Absolute index of the first body byte. */
    public int bodyIndex() {
        return base + bodyLengthOffset(sysFlag()) + 4;
    }

    private int topicLengthIndex() {
        return bodyIndex() + bodyLength();
    }

    public int topicLength() {
        int at = topicLengthIndex();
        return topicLengthWidth(magic()) == 2 ? buffer.getShort(at) & 0xFFFF : buffer.get(at) & 0xFF;
    }

    public int topicIndex() {
        return topicLengthIndex() + topicLengthWidth(magic());
    }

    private int propertiesLengthIndex() {
        return topicIndex() + topicLength();
    }

    public int propertiesLength() {
        return buffer.getShort(propertiesLengthIndex()) & 0xFFFF;
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

    private HostAddress host(int at, int length) {
        byte[] ip = new byte[length - 4];
        buffer.get(at, ip);
        return new HostAddress(ip, buffer.getInt(at + ip.length));
    }

    private String string(int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
