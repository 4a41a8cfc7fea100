package io.apogee.protocol.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The CRC32 convention of the protocol (section 4.8): IEEE CRC32 masked with {@code 0x7FFFFFFF}.
 *
 * <p>Thread safety: the static methods allocate a {@link CRC32} per call and may be used from any
 * thread; the hot path reuses one {@link CRC32} per owning thread through {@link #crc32(CRC32, ByteBuffer)}.
 */
public final class MessageChecksum {

    /** The mask RocketMQ applies to every stored or transmitted CRC32. */
    public static final int MASK = 0x7FFFFFFF;

    private MessageChecksum() {
    }

    public static int crc32(byte[] data) {
        return crc32(data, 0, data.length);
    }

    public static int crc32(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue() & MASK;
    }

    /**
     * The masked CRC32 of the bytes between {@code position} and {@code limit} of {@code data}, leaving
     * its position untouched; {@code crc} is reset first, so the caller may reuse it.
     */
    public static int crc32(CRC32 crc, ByteBuffer data) {
        crc.reset();
        int position = data.position();
        crc.update(data);
        data.position(position);
        return (int) crc.getValue() & MASK;
    }

    /** As {@link #crc32(CRC32, ByteBuffer)} over {@code length} bytes at absolute {@code index}. */
    public static int crc32(CRC32 crc, ByteBuffer data, int index, int length) {
        ByteBuffer view = data.duplicate();
        view.limit(index + length).position(index);
        return crc32(crc, view);
    }
}
