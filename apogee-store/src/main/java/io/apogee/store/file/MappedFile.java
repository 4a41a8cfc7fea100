package io.apogee.store.file;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One fixed-size file mapped into memory, named by the offset of its first byte in the log it belongs to.
 * The owner writes with absolute puts into {@link #buffer()} and then publishes the new end with
 * {@link #setWrotePosition(int)}; readers only read below {@link #wrotePosition()}.
 *
 * <p>Thread safety: one writer thread (or lock holder) writes and moves the positions; any thread may
 * read bytes below the published positions. {@link #force()} may run on a flusher thread concurrently with
 * writes: it forces what was published when it started.
 */
public final class MappedFile {

    private final File file;
    private final long fileFromOffset;
    private final int fileSize;
    private final MappedByteBuffer buffer;
    private volatile int wrotePosition;
    private volatile int flushedPosition;

    private MappedFile(File file, long fileFromOffset, int fileSize, MappedByteBuffer buffer) {
        this.file = file;
        this.fileFromOffset = fileFromOffset;
        this.fileSize = fileSize;
        this.buffer = buffer;
    }

    /** Opens (creating and sizing if needed) and maps the file. */
    public static MappedFile open(File file, long fileFromOffset, int fileSize) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            if (raf.length() != fileSize) {
                raf.setLength(fileSize);
            }
            FileChannel channel = raf.getChannel();
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            // The mapping stays valid after the channel closes.
            return new MappedFile(file, fileFromOffset, fileSize, buffer);
        }
    }

    /** The file name for a start offset: 20 digits, zero padded, as RocketMQ names them. */
    public static String fileName(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }

    public File file() {
        return file;
    }

    public long fileFromOffset() {
        return fileFromOffset;
    }

    public int fileSize() {
        return fileSize;
    }

    /** The shared mapping; use absolute gets and puts only, never its position. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int wrotePosition() {
        return wrotePosition;
    }

    public void setWrotePosition(int position) {
        wrotePosition = position;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public void setFlushedPosition(int position) {
        flushedPosition = position;
    }

    public boolean isFull() {
        return wrotePosition >= fileSize;
    }

    /** A view of {@code length} bytes at {@code position}; shares the mapped memory, copies nothing. */
    public ByteBuffer slice(int position, int length) {
        return buffer.slice(position, length);
    }

    /**
     * Forces the bytes written since the last force and returns the new flushed position. A failure is
     * thrown, never swallowed: the caller decides that nothing after the old position is durable.
     */
    public int force() {
        int target = wrotePosition;
        int from = flushedPosition;
        if (target > from) {
            buffer.force(from, target - from);
            flushedPosition = target;
        }
        return target;
    }

    /** Zeroes everything from {@code position} to the end and moves both positions back to it. */
    public void truncate(int position) {
        for (int i = position; i < fileSize; i++) {
            if (buffer.get(i) != 0) {
                buffer.put(i, (byte) 0);
            }
        }
        buffer.force();
        wrotePosition = position;
        flushedPosition = position;
    }

    /** Deletes the file. The mapping is left to the garbage collector, so slices still held stay readable. */
    public boolean delete() {
        return file.delete();
    }

    public long lastModified() {
        return file.lastModified();
    }

    @Override
    public String toString() {
        return file.getName() + "[wrote=" + wrotePosition + ", flushed=" + flushedPosition + "]";
    }
}
