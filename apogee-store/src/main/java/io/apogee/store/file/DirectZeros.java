package io.apogee.store.file;

import com.sun.nio.file.ExtendedOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file's zeros past the page cache ({@code O_DIRECT}) and reads each piece back through it, so the file's
 * blocks are written on disk and its pages sit in the page cache clean, already touched by this thread. The
 * commit log under ASYNC_FLUSH with {@code warmMapedFileEnable} on ({@link FileSpace#RESERVED}).
 *
 * <p>Zeros written through the page cache leave the file dirty: the kernel writes it back, a gigabyte per file
 * of disk writes and journal work while appenders fault on the log's end, and that is what held the 16-sender
 * p99 at about 2 ms (measured against {@code fallocate}, which moves the stall to p99.9 instead). Written
 * directly, nothing of the zeros is ever written back. Reading them back matters on a virtual machine: a page
 * the guest has not touched costs its first toucher some 10 µs, and the read makes that this thread, not the
 * appender (direct writes followed by read-ahead alone left that cost in the appender's page faults: p50 270
 * against 230 µs).
 *
 * <p>Where the file system does not take direct writes (tmpfs on older kernels, some network file systems), or a
 * direct write fails while the disk has room, this writes what it can and the caller writes the rest through
 * the page cache. A direct write that fails for want of space is thrown, as any allocation failure.
 *
 * <p>Thread safety: one thread per file, the one allocating it.
 */
final class DirectZeros {

    private static final Logger LOG = LoggerFactory.getLogger(DirectZeros.class);
    private static final int PAGE = 4096;
    /** Larger blocks than this are not worth the buffer; such a file system gets zeros through the page cache. */
    private static final int LARGEST_ALIGNMENT = 64 << 10;

    private DirectZeros() {
    }

    /**
     * Writes zeros from {@code from} on, {@code step} bytes per step of {@code pace} (a multiple of the page size),
     * up to the last block boundary before {@code size}.
     *
     * @param channel a read-write channel of {@code file}, for the unaligned head and the reads back
     * @return the offset up to which zeros are now written: {@code from} when direct writes are not available
     */
    static long write(File file, FileChannel channel, long from, int size, int step, AllocationPace pace)
            throws IOException {
        int align = alignment(file);
        if (align == 0 || step % align != 0) {
            return from;
        }
        long alignedEnd = size - size % align;
        long alignedStart = (from + align - 1) / align * align;
        if (alignedStart >= alignedEnd) {
            return from;
        }
        FileChannel direct;
        try {
            direct = FileChannel.open(file.toPath(), StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("no direct writes to {} ({}); zeros go through the page cache", file, e.toString());
            return from;
        }
        try (direct) {
            if (alignedStart > from) {
                writeFully(channel, ByteBuffer.allocate((int) (alignedStart - from)), from);
            }
            ByteBuffer zeros = ByteBuffer.allocateDirect(step + align).alignedSlice(align).limit(step);
            ByteBuffer back = ByteBuffer.allocateDirect(step);
            long at = alignedStart;
            while (at < alignedEnd) {
                pace.await(at);
                int length = (int) Math.min(step, alignedEnd - at);
                zeros.clear().limit(length);
                try {
                    writeFully(direct, zeros, at);
                } catch (IOException e) {
                    long position = file.length();
                    if (file.getUsableSpace() < size - position) {
                        throw e;
                    }
                    LOG.debug("direct write to {} failed with room on the disk ({}); the rest goes through the page"
                            + " cache", file, e.toString());
                    return position;
                }
                readBack(channel, back, at, length);
                at += length;
            }
            return at;
        }
    }

    private static int alignment(File file) {
        try {
            long block = Files.getFileStore(file.toPath()).getBlockSize();
            return block > LARGEST_ALIGNMENT ? 0 : (int) Math.max(PAGE, block);
        } catch (IOException | UnsupportedOperationException e) {
            return PAGE;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Reads the piece just written, which brings it into the page cache clean. */
    private static void readBack(FileChannel channel, ByteBuffer back, long position, int length) throws IOException {
        back.clear().limit(length);
        while (back.hasRemaining()) {
            if (channel.read(back, position + back.position()) < 0) {
                return;
            }
        }
    }
}
