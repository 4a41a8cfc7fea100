package io.apogee.store.file;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;

/**
 * The two Linux calls a commit log under SYNC_FLUSH needs that Java does not offer, through JNA (see
 * {@link FileSpace#RESERVED_SINGLE_PAGES}):
 *
 * <ul>
 * <li>{@link #adviseSmallPages}: {@code madvise(MADV_RANDOM)} on the mapping, so the kernel reads no pages ahead
 * of a fault and keeps the mapping in single pages. Read-ahead builds large folios (up to megabytes), and a
 * write into a large folio marks all of it dirty: every force of the log's end then writes the whole folio
 * again, which multiplied the bytes written by fifty.
 * <li>{@link #reserve}: {@code fallocate(2)} reserves the file's blocks without writing them (the file system
 * records them as allocated but unwritten: reads give zeros, and a write into them cannot fail for want of
 * space). Zeros written through the page cache would sit there in large folios again, where the advice above
 * cannot reach them.
 * </ul>
 *
 * <p>Under ASYNC_FLUSH neither is used: converting unwritten blocks as the pages are written back costs
 * journal commits that appenders wait for (2026-12-05, 64 sync senders: p99.9 21 ms against 9 ms with zeros
 * written), and large folios are cheaper per byte when a force runs only twice a second.
 *
 * <p>Where a call is not available (not 64-bit Linux on x86 or ARM, whose numbers are written here; the native
 * library cannot load; a file system without {@code fallocate}) the methods say so or do nothing, and the
 * caller goes on without them.
 *
 * <p>Thread safety: any thread.
 */
final class LinuxFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxFiles.class);
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EINTR = 4;
    private static final int EFBIG = 27;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;
    private static final int MADV_RANDOM = 1;
    private static final LibC LIBC = load();

    /** The calls of the C library used here. */
    interface LibC extends Library {
        int open(String path, int flags);

        int fallocate(int fd, int mode, long offset, long length);

        int close(int fd);

        int madvise(Pointer address, long length, int advice);
    }

    private LinuxFiles() {
    }

    private static LibC load() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("fallocate and madvise are not available ({}); SYNC_FLUSH log files are allocated by writing"
                    + " zeros and keep the kernel's read-ahead", e.toString());
            return null;
        }
    }

    /**
     * Reserves the blocks of {@code file} (which must exist) up to {@code length}, extending it to that length.
     *
     * @return true when reserved; false when this system or file system cannot, and nothing was changed
     * @throws IOException when the disk (or the user's quota) has no room for them
     */
    static boolean reserve(File file, long length) throws IOException {
        if (LIBC == null) {
            return false;
        }
        int fd = LIBC.open(file.getPath(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            return false;
        }
        try {
            while (true) {
                if (LIBC.fallocate(fd, 0, 0, length) == 0) {
                    return true;
                }
                int errno = Native.getLastError();
                if (errno == ENOSPC || errno == EDQUOT || errno == EFBIG) {
                    throw new IOException("no room on the disk for " + length + " bytes of " + file + " (errno "
                            + errno + ")");
                }
                if (errno != EINTR) {
                    return false;
                }
            }
        } finally {
            LIBC.close(fd);
        }
    }

    /** Asks the kernel to keep {@code mapping} (a file's mapped buffer) in single pages; see the class notes. */
    static void adviseSmallPages(MappedByteBuffer mapping) {
        if (LIBC != null && mapping.capacity() > 0
                && LIBC.madvise(Native.getDirectBufferPointer(mapping), mapping.capacity(), MADV_RANDOM) != 0) {
            LOG.debug("madvise(MADV_RANDOM) failed: errno {}", Native.getLastError());
        }
    }
}
