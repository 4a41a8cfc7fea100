package io.apogee.store.flush;

import io.apogee.store.AppendStatus;
import io.apogee.store.FlushDiskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Owns the commit log's force(). Under ASYNC_FLUSH it forces every {@code flushIntervalCommitLog} ms. Under
 * SYNC_FLUSH it is a group commit: it forces whenever there is something unforced, so appends that arrive
 * while one force runs share the next one, and every waiter whose offset the force covered is answered
 * PUT_OK together. A waiter not covered within {@code syncFlushTimeout} gets FLUSH_DISK_TIMEOUT.
 *
 * <p>A failed force is sticky: the flushed offset never moves again, every waiter beyond it gets
 * FLUSH_FAILED and the store must be restarted and recovered (after a failed fsync the kernel may have
 * dropped the dirty pages, so a later successful force proves nothing about them).
 *
 * <p>Thread safety: {@link #run()} on the one flusher thread; {@link #wakeUp()}, {@link #await} and
 * {@link #awaitAsync} from any thread. {@link #await} parks its caller in a {@link FlushWaiters} slot without allocating.
 */
public final class CommitLogFlusher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogFlusher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long OVERFLOW_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int WAITER_SLOTS = 256;

    private final FlushDiskType type;
    private final long intervalNanos;
    private final long syncTimeoutNanos;
    private final LongSupplier writtenOffset;
    private final ForceAction forceAction;
    private final FlushWaiters waiters = new FlushWaiters(WAITER_SLOTS);
    private final ConcurrentLinkedQueue<PendingFlush> pending = new ConcurrentLinkedQueue<>();
    private volatile long flushedOffset;
    private volatile boolean failed;
    private volatile boolean running = true;
    private volatile boolean idle;
    private volatile Thread thread;

    public CommitLogFlusher(FlushDiskType type, int intervalMillis, int syncTimeoutMillis, LongSupplier writtenOffset,
                            ForceAction forceAction, long initialFlushedOffset) {
        this.type = type;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.syncTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(syncTimeoutMillis);
        this.writtenOffset = writtenOffset;
        this.forceAction = forceAction;
        this.flushedOffset = initialFlushedOffset;
    }

    /** Everything below this offset has been forced to disk. */
    public long flushedOffset() {
        return flushedOffset;
    }

    public boolean failed() {
        return failed;
    }

    public Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    @Override
    public void run() {
        while (running) {
            if (type == FlushDiskType.ASYNC_FLUSH) {
                LockSupport.parkNanos(this, intervalNanos);
            } else if (writtenOffset.getAsLong() <= flushedOffset || failed) {
                idle = true;
                if (writtenOffset.getAsLong() <= flushedOffset || failed) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
            }
            flushOnce();
        }
    }

    /** Forces what is written now (if anything), then answers the waiters it covers or that timed out. */
    public void flushOnce() {
        long target = writtenOffset.getAsLong();
        if (target > flushedOffset && !failed) {
            try {
                forceAction.force();
                flushedOffset = target;
            } catch (RuntimeException | Error e) {
                failed = true;
                LOG.error("commit log force failed; no write after offset {} is acknowledged any more", flushedOffset, e);
            }
        }
        answerPending();
        waiters.wake(flushedOffset, failed || !running);
    }

    /** Wakes the flusher when a SYNC_FLUSH append has written something. Allocation-free. */
    public void wakeUp() {
        Thread t = thread;
        if (idle && t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Blocks until {@code offset} is forced, the force fails, or the sync timeout passes. The caller parks
     * in a waiter slot (allocation-free) and is unparked by the force that covers it.
     */
    public AppendStatus await(long offset) {
        if (flushedOffset >= offset) {
            return AppendStatus.PUT_OK;
        }
        int slot = waiters.register(Thread.currentThread(), offset);
        wakeUp();
        long deadline = System.nanoTime() + syncTimeoutNanos;
        try {
            while (flushedOffset < offset) {
                if (failed) {
                    return AppendStatus.FLUSH_FAILED;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !running || Thread.currentThread().isInterrupted()) {
                    return AppendStatus.FLUSH_DISK_TIMEOUT;
                }
                // Without a slot (more waiters than slots) poll instead of waiting to be woken.
                LockSupport.parkNanos(this, slot >= 0 ? remaining : Math.min(remaining, OVERFLOW_POLL_NANOS));
            }
            return AppendStatus.PUT_OK;
        } finally {
            if (slot >= 0) {
                waiters.unregister(slot);
            }
        }
    }

    /** As {@link #await} but answered by the flusher thread through a future. */
    public CompletableFuture<AppendStatus> awaitAsync(long offset) {
        if (flushedOffset >= offset) {
            return CompletableFuture.completedFuture(AppendStatus.PUT_OK);
        }
        CompletableFuture<AppendStatus> future = new CompletableFuture<>();
        pending.add(new PendingFlush(offset, System.nanoTime() + syncTimeoutNanos, future));
        wakeUp();
        return future;
    }

    private void answerPending() {
        if (pending.isEmpty()) {
            return;
        }
        long flushed = flushedOffset;
        long now = System.nanoTime();
        for (Iterator<PendingFlush> it = pending.iterator(); it.hasNext(); ) {
            PendingFlush p = it.next();
            AppendStatus status = p.offset() <= flushed ? AppendStatus.PUT_OK
                    : failed ? AppendStatus.FLUSH_FAILED
                    : (now - p.deadlineNanos() >= 0 || !running) ? AppendStatus.FLUSH_DISK_TIMEOUT : null;
            if (status != null) {
                it.remove();
                p.future().complete(status);
            }
        }
    }

    /** Stops the thread after a last force; waiters still uncovered are answered. */
    public void shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(syncTimeoutNanos) + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushOnce();
    }
}
