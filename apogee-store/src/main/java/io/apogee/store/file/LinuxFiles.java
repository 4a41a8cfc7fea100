package io.apogee.store.file;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.MappedByteBuffer;

/**
 * The Linux calls a commit log under SYNC_FLUSH needs that Java does not offer, through JNA (see
 * {@link FileSpace#RESERVED_SINGLE_PAGES}): {@code sched_setscheduler(SCHED_IDLE)} for the thread that prepares
 * the next file ({@link #lowerToIdlePriority}), and {@code madvise(MADV_RANDOM)} on the mapping, so the kernel
 * reads no pages ahead of a fault and keeps the mapping in single pages. Read-ahead builds large folios (up to
 * megabytes), and a write into a large folio marks all of it dirty: every force of the log's end then writes the
 * whole folio again, which multiplied the bytes written by fifty.
 *
 * <p>Blocks are not reserved with {@code fallocate(2)}: the file system records such blocks as unwritten, and the
 * first force of each page then converts them in a journal commit the force waits for. A 1,200-byte record
 * forced in groups of eight took a median of 135-150 µs per force on such a file against 77-89 µs on one whose
 * zeros were written a page per write (ext4, 2026-12-05). Under ASYNC_FLUSH the advice is not used: large
 * folios are cheaper per byte when a force runs only twice a second.
 *
 * <p>Where the calls are not available (not 64-bit Linux on x86 or ARM, whose numbers are written here, or the
 * native library cannot load) they do nothing: the thread keeps its priority and the mapping the kernel's
 * read-ahead.
 *
 * <p>Thread safety: any thread.
 */
final class LinuxFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxFiles.class);
    private static final int MADV_RANDOM = 1;
    private static final int SCHED_IDLE = 5;
    private static final LibC LIBC = load();

    /** The calls of the C library used here. */
    interface LibC extends Library {
        int madvise(Pointer address, long length, int advice);

        int sched_setscheduler(int pid, int policy, int[] param);
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
            LOG.info("madvise and sched_setscheduler are not available ({}); SYNC_FLUSH log files keep the"
                    + " kernel's read-ahead and are prepared at normal priority", e.toString());
            return null;
        }
    }

    /**
     * Puts the calling thread under {@code SCHED_IDLE}: it runs only when no other thread of the machine wants
     * the CPU, and any thread that wakes takes the CPU from it at once. A thread cannot be put back without
     * privileges, so only a thread whose work can be handed over when it becomes urgent may call this.
     *
     * @return whether the thread is now at idle priority
     */
    static boolean lowerToIdlePriority() {
        if (LIBC == null) {
            return false;
        }
        if (LIBC.sched_setscheduler(0, SCHED_IDLE, new int[] {0}) != 0) {
            LOG.debug("sched_setscheduler(SCHED_IDLE) failed: errno {}", Native.getLastError());
            return false;
        }
        return true;
    }

    /** Asks the kernel to keep {@code mapping} (a file's mapped buffer) in single pages; see the class notes. */
    static void adviseSmallPages(MappedByteBuffer mapping) {
        if (LIBC != null && mapping.capacity() > 0
                && LIBC.madvise(Native.getDirectBufferPointer(mapping), mapping.capacity(), MADV_RANDOM) != 0) {
            LOG.debug("madvise(MADV_RANDOM) failed: errno {}", Native.getLastError());
        }
    }
}
