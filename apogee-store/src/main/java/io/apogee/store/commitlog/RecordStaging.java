package io.apogee.store.commitlog;

import java.nio.ByteBuffer;

/**
 * The direct buffer an append encodes its records into before one positional write copies them into the
 * commit-log file ({@link io.apogee.store.file.MappedFile#write}). Direct, so the write goes from it to the
 * kernel without the JDK's own temporary copy. It grows to the largest append seen (at most a batch of the
 * largest request the broker accepts) and keeps that size.
 *
 * <p>Thread safety: none; the commit log uses it under its write lock.
 */
final class RecordStaging {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_CAPACITY);

    /** The buffer, cleared, with room for at least {@code length} bytes; valid until the next call. */
    ByteBuffer room(int length) {
        return room(0, length);
    }

    /**
     * The buffer, cleared, with room for {@code length} bytes after the {@code kept} bytes at its start, which
     * a larger buffer keeps too; valid until the next call.
     */
    ByteBuffer room(int kept, int length) {
        if (buffer.capacity() - kept < length) {
            int capacity = Math.max(kept + length, (int) Math.min(Integer.MAX_VALUE, 2L * buffer.capacity()));
            ByteBuffer larger = ByteBuffer.allocateDirect(capacity);
            larger.put(0, buffer, 0, kept);
            buffer = larger;
        }
        return buffer.clear();
    }
}
