package io.apogee.store.recovery;

import io.apogee.common.file.DurableFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The store's checkpoint: the commit-log offset below which consume queues and index are durable and below
 * which the commit log itself was forced, plus when it was written. Replaced through {@link DurableFile},
 * with a CRC as a second line of defence: a damaged file is detected and ignored.
 *
 * @param dispatchedOffset commit-log offset below which queues and index are forced
 * @param flushedOffset    commit-log offset below which the commit log was forced
 *
 * <p>Thread safety: immutable; {@link #write} is called by one thread at a time.
 */
public record Checkpoint(long dispatchedOffset, long flushedOffset, long timestamp) {

    public static final String FILE_NAME = "checkpoint";
    private static final int SIZE = 8 * 3 + 8;

    /** The checkpoint in {@code root}, or null if there is none or it is damaged. */
    public static Checkpoint read(Path root) throws IOException {
        Path file = root.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != SIZE) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Checkpoint checkpoint = new Checkpoint(in.getLong(), in.getLong(), in.getLong());
        return in.getLong() == crc(bytes) ? checkpoint : null;
    }

    public void write(Path root) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.putLong(dispatchedOffset).putLong(flushedOffset).putLong(timestamp);
        out.putLong(crc(out.array()));
        DurableFile.replace(root.resolve(FILE_NAME), out.array());
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 24);
        return crc.getValue();
    }
}
