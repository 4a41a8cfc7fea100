package io.apogee.store.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The store's checkpoint: the commit-log offset below which consume queues and index are durable and below
 * which the commit log itself was forced, plus when it was written. Written to a temporary file, forced,
 * and renamed over the old one, with a CRC so a torn write is detected and ignored.
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
        out.flip();
        Path temp = root.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        }
        Files.move(temp, root.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 24);
        return crc.getValue();
    }
}
