package io.apogee.store.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

/**
 * Gives the pages of a sparse file their disk blocks before the first store into them through the mapping.
 * A store into a page the file system cannot back (a full disk) faults, and the JVM does not stop at that
 * store: it skips it and raises an {@link InternalError} later, at the thread's next safepoint. The entry is
 * lost before anyone hears of it. Writing the page's own bytes back through the file first (pwrite(2)) takes
 * its block the ordinary way, so a full disk is an {@link IOException} before anything is stored, and the
 * caller can try again once space returns.
 *
 * <p>The bytes written back are read from the file first (pread(2), not through the mapping: on a tmpfs even a
 * read of a hole through a shared mapping needs a page, and faults on a full one). Both see the same page cache,
 * so a page that holds data keeps it and readers of the mapping see no change; only the file's one writer
 * stores into it. A page is written back once per mapping, the first time it is asked for: after a restart that
 * includes pages that had their blocks already, which costs one needless write each. The writes go through the
 * file's writer channel ({@link MappedFile#writerChannel()}), which its owner closes when it moves on to the
 * next file.
 *
 * <p>Thread safety: the file's writer only.
 */
final class PageBacking {

    static final int PAGE_SIZE = 4096;
    /** Each writer thread's buffer for the bytes it writes back: backing allocates nothing per page. */
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(4 * PAGE_SIZE));

    private final long[] backed;
    private final int pages;

    PageBacking(int fileSize) {
        this.pages = (fileSize + PAGE_SIZE - 1) / PAGE_SIZE;
        this.backed = new long[(pages + 63) >>> 6];
    }

    /**
     * Makes sure every page holding a byte of [{@code position}, {@code position + length}) has its block; when
     * some do not, also the next pages up to {@code pagesAhead}, which a writer moving forward will want next.
     */
    void ensure(MappedFile file, int position, int length, int pagesAhead) throws IOException {
        int first = position / PAGE_SIZE;
        int last = (position + length - 1) / PAGE_SIZE;
        while (first <= last && isBacked(first)) {
            first++;
        }
        if (first > last) {
            return;
        }
        int end = last + 1;
        while (end < pages && end <= last + pagesAhead && !isBacked(end)) {
            end++;
        }
        int from = first * PAGE_SIZE;
        int to = (int) Math.min(file.fileSize(), (long) end * PAGE_SIZE);
        try {
            writeBack(file.writerChannel(), from, to);
        } catch (ClosedChannelException e) {
            file.closeChannel(); // closed by an interrupt: the next try opens a new one
            throw e;
        }
        for (int page = first; page < end; page++) {
            backed[page >>> 6] |= 1L << page;
        }
    }

    private static void writeBack(FileChannel channel, int from, int to) throws IOException {
        ByteBuffer copy = SCRATCH.get();
        for (int at = from; at < to; at += copy.capacity()) {
            copy.clear().limit(Math.min(copy.capacity(), to - at));
            while (copy.hasRemaining()) {
                if (channel.read(copy, at + copy.position()) < 0) {
                    throw new EOFException("the file ends before " + to);
                }
            }
            copy.flip();
            while (copy.hasRemaining()) {
                channel.write(copy, at + copy.position());
            }
        }
    }

    private boolean isBacked(int page) {
        return (backed[page >>> 6] & (1L << page)) != 0;
    }
}
