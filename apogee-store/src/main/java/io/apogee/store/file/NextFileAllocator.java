package io.apogee.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Allocates a log's next file on a thread of its own while the current one fills, so that a roll hands over a
 * file whose blocks are already written instead of writing a whole file of zeros while appenders wait. Only
 * one file is prepared at a time, and only when {@code hasRoom} says the disk can spare it; if the file is not
 * ready (or could not be made) when the roll comes, the roll allocates it itself, which is also where a full
 * disk is reported.
 *
 * <p>The zeros are written at the pace the log fills ({@link AllocationPace}): preparing starts with the current
 * file's first append, and the next file is allocated in step with it, done when seven eighths of the current
 * file are written. Started only at the current file's middle, the zeros had to go 2.7 times as fast as the log,
 * and at 150,000 batched messages a second the allocator fell behind: rolls waited and p99.9 was 116-319 ms,
 * against 46-47 ms (and 182k against 152-168k msg/s) when spread over the whole file (2026-12-05). Written in
 * one go, a 128 MiB file of zeros took a third of a second of the
 * broker's only CPU every roll, and end-to-end p99 at 10,000 msg/s went from 3 ms to 36-106 ms in the seconds
 * it ran (2026-12-05). A log that fills faster than the zeros can be written simply gets them at full speed,
 * and a roll that finds its file unfinished takes the allocation over: the allocating thread stops before its
 * next piece and the roll writes the rest itself.
 *
 * <p>Where {@link FileSpace#preparedAtIdlePriority()} says so (SYNC_FLUSH's layout), the allocating thread runs
 * at idle priority ({@code SCHED_IDLE}): every force there is waited for, and a sender, the flusher or an I/O
 * thread that wakes while the zeros are being written takes the CPU at once instead of queueing behind them.
 * With 16 SYNC_FLUSH senders (broker on one CPU, three alternating pairs) that gave 32.9-34.5k against
 * 27.3-30.0k msg/s and a p99 of 1.55-1.59 against 2.18-2.30 ms; under ASYNC_FLUSH, where no sender waits for
 * a force, it gave nothing (45-46k against 46-48k msg/s with the zeros then written through the page cache,
 * 2026-12-05). The hand-over at the roll is what makes idle priority safe: a thread cannot raise itself back
 * without privileges, and on a busy machine an idle thread may wait long for a CPU, but no append ever waits
 * for it.
 *
 * <p>A prepared file that is never used (the store stops first) is an all-zero file after the log's end;
 * recovery cuts it like any tail past the last record, and {@link #shutdown()} deletes it.
 *
 * <p>Thread safety: {@link #prepare} and {@link #take} are called by the log's writer (under its lock);
 * the allocation runs on the allocator's own daemon thread.
 */
public final class NextFileAllocator {

    private static final Logger LOG = LoggerFactory.getLogger(NextFileAllocator.class);
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(64);

    private final File directory;
    private final int fileSize;
    private final FileSpace space;
    private final LongPredicate hasRoom;
    private final LongSupplier logEnd;
    private final ExecutorService thread;
    private volatile Thread allocatingThread;
    /** Whether the allocating thread lowered itself to idle priority; read and written by that thread only. */
    private boolean idlePriority;
    private CompletableFuture<MappedFile> pending;
    private Pace pendingPace;
    private long pendingOffset = -1;
    private long refusedOffset = -1;
    private long refusedAt;

    /**
     * @param hasRoom whether the disk can spare a file of this many bytes now
     * @param logEnd the offset after the log's last record, which sets the pace of the allocation
     */
    public NextFileAllocator(File directory, int fileSize, FileSpace space, LongPredicate hasRoom,
                             LongSupplier logEnd, String threadName) {
        this.directory = directory;
        this.fileSize = fileSize;
        this.space = space;
        this.hasRoom = hasRoom;
        this.logEnd = logEnd;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            allocatingThread = t;
            return t;
        });
    }

    /**
     * Starts allocating the file at {@code fromOffset} unless it is already being prepared. Called on every
     * append past the middle of a file, so a disk without room is asked again at most once a second.
     */
    public void prepare(long fromOffset) {
        prepare(fromOffset, 0);
    }

    /**
     * As {@link #prepare(long)}, writing nothing for {@code delayNanos} unless the file is wanted sooner: for
     * the file a store prepares as it starts, whose writes would otherwise compete with the rest of the
     * start-up (each force of a small file there waits for the zeros already written).
     */
    public void prepare(long fromOffset, long delayNanos) {
        if (pendingOffset == fromOffset) {
            return;
        }
        long now = System.nanoTime();
        if (refusedOffset == fromOffset && now - refusedAt < RECHECK_NANOS) {
            return;
        }
        if (!hasRoom.test(fileSize)) {
            refusedOffset = fromOffset;
            refusedAt = now;
            return;
        }
        discardPending();
        Pace pace = new Pace(fromOffset - fileSize, now + delayNanos);
        pendingOffset = fromOffset;
        pendingPace = pace;
        pending = CompletableFuture.supplyAsync(() -> {
            if (space.preparedAtIdlePriority() && !idlePriority) {
                idlePriority = LinuxFiles.lowerToIdlePriority();
            }
            try {
                return MappedFile.open(fileAt(fromOffset), fromOffset, fileSize, space, pace);
            } catch (InterruptedIOException e) {
                // Handed over (the roll finishes the file) or cancelled (what was written is deleted).
                return null;
            } catch (IOException e) {
                // The roll allocates the file itself and reports the failure to the appender.
                LOG.debug("preallocating {} failed; the roll will try again", fromOffset, e);
                return null;
            }
        }, thread);
    }

    /**
     * The prepared file at {@code fromOffset}; if its allocation is under way, the allocating thread stops before
     * its next piece (two threads must never allocate one file) and this thread writes the rest. Null when none
     * was prepared or it failed, and the caller allocates it.
     * A file prepared at another offset (a slave whose first bytes start where the master's oldest file does,
     * a log cut back) is never going to be used: it is deleted before this returns, so it cannot lie beside
     * the log as a file of zeros it does not continue.
     */
    public MappedFile take(long fromOffset) {
        if (pending == null) {
            return null;
        }
        boolean wanted = pendingOffset == fromOffset;
        Pace pace = pendingPace;
        if (wanted) {
            pace.handOver();
        } else {
            pace.cancel();
        }
        MappedFile file = pending.join();
        pending = null;
        pendingPace = null;
        pendingOffset = -1;
        if (!wanted && file != null) {
            file.destroy();
            return null;
        }
        if (file == null && pace.handedOver) {
            try {
                file = MappedFile.open(fileAt(fromOffset), fromOffset, fileSize, space);
            } catch (IOException e) {
                LOG.debug("finishing the prepared file {} failed; the roll will try again", fromOffset, e);
            }
        }
        return file;
    }

    private File fileAt(long fromOffset) {
        return new File(directory, MappedFile.fileName(fromOffset));
    }

    /** Stops the thread and deletes a prepared file nobody took. */
    public void shutdown() {
        discardPending();
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void discardPending() {
        if (pending != null) {
            pendingPace.cancel();
            pending.thenAccept(file -> {
                if (file != null) {
                    file.destroy();
                }
            });
            pending = null;
            pendingPace = null;
            pendingOffset = -1;
        }
    }

    /**
     * The pace of one file's allocation: the piece after {@code allocated} bytes waits until the log has passed
     * {@code start + allocated * 7/8}, where {@code start} is the start of the current file, so the whole file
     * is allocated when seven eighths of the current file are written; and nothing is written
     * before {@code notBefore} ({@link System#nanoTime()}).
     */
    private final class Pace implements AllocationPace {
        private final long start;
        private final long notBefore;
        private volatile boolean handOver;
        private volatile boolean cancelled;
        /** Set by the allocating thread when it stopped for {@link #handOver()}, before its result is published. */
        private volatile boolean handedOver;

        Pace(long start, long notBefore) {
            this.start = start;
            this.notBefore = notBefore;
        }

        /**
         * The file is wanted now: the allocation stops before its next piece and the taker finishes the file on
         * its own thread, at its own priority (the allocating thread may be at idle priority).
         */
        void handOver() {
            handOver = true;
            LockSupport.unpark(allocatingThread);
        }

        /** The file is not wanted: the allocation stops before its next piece and deletes what it wrote. */
        void cancel() {
            cancelled = true;
            LockSupport.unpark(allocatingThread);
        }

        @Override
        public void await(long allocated) throws IOException {
            long due = start + allocated / 8 * 7;
            long wait = FIRST_WAIT_NANOS;
            while (!handOver && !cancelled && (logEnd.getAsLong() < due || System.nanoTime() - notBefore < 0)) {
                LockSupport.parkNanos(this, wait);
                wait = Math.min(wait * 2, LONGEST_WAIT_NANOS);
            }
            if (cancelled) {
                throw new InterruptedIOException("the file being prepared is no longer wanted");
            }
            if (handOver) {
                handedOver = true;
                throw new HandedOver();
            }
        }
    }
}
