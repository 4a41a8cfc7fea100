package io.apogee.store.flush;

import io.apogee.store.AppendStatus;
import io.apogee.store.FlushDiskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Owns the commit log's force(). Under ASYNC_FLUSH it forces every {@code flushIntervalCommitLog} ms. Under
 * SYNC_FLUSH it is a group commit: it forces whenever there is something unforced, so appends that arrive
 * while one force runs share the next one, and every waiter whose offset the force covered is answered
 * PUT_OK together. A waiter not covered within {@code syncFlushTimeout} gets FLUSH_DISK_TIMEOUT.
 *
 * <p>Gathering: the threads one force answered usually come straight back with their next append, but
 * they need a moment to be scheduled. Forcing as soon as the first of them has written would cover only
 * the first few and leave the rest a whole further force to wait. So before a force the flusher waits until
 * as many waiters arrived as the last force answered, at most half the last force's duration and at most
 * {@link #MAX_GATHER_NANOS}. With one appender nobody else is coming and it does not wait.
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
    /** The longest a force waits for the waiters of the previous one to come back with new appends. */
    private static final long MAX_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FlushDiskType type;
    private final long intervalNanos;
    private final long syncTimeoutNanos;
    private final long maxGatherNanos;
    private final LongSupplier writtenOffset;
    private final ForceAction forceAction;
    private final FlushWaiters waiters = new FlushWaiters(WAITER_SLOTS);
    private final ConcurrentLinkedQueue<PendingFlush> pending = new ConcurrentLinkedQueue<>();
    /** How many futures wait in {@link #pending}; kept apart because the queue's size() walks it. */
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final int maxWaiters;
    private final long maxPendingBytes;
    private volatile long flushedOffset;
    private volatile boolean failed;
    private volatile boolean running = true;
    private volatile boolean idle;
    private volatile boolean gathering;
    /** Waiters that arrived since the last force was answered; compared with {@link #gatherTarget}. */
    private final AtomicInteger arrivals = new AtomicInteger();
    /** How many waiters the last force answered: as many are expected back before the next force. */
    private volatile int gatherTarget;
    private long lastForceNanos;
    private volatile Runnable onFlushed = () -> { };
    private volatile Thread thread;

    public CommitLogFlusher(FlushDiskType type, int intervalMillis, int syncTimeoutMillis, LongSupplier writtenOffset,
                            ForceAction forceAction, long initialFlushedOffset) {
        this(type, intervalMillis, syncTimeoutMillis, writtenOffset, forceAction, initialFlushedOffset,
                Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param maxWaiters      how many {@link #awaitAsync} futures may wait at once before {@link #admits()} says no
     * @param maxPendingBytes how many written, unforced bytes may wait before {@link #admits()} says no
     */
    public CommitLogFlusher(FlushDiskType type, int intervalMillis, int syncTimeoutMillis, LongSupplier writtenOffset,
                            ForceAction forceAction, long initialFlushedOffset, int maxWaiters, long maxPendingBytes) {
        this(type, intervalMillis, syncTimeoutMillis, writtenOffset, forceAction, initialFlushedOffset, MAX_GATHER_NANOS,
                maxWaiters, maxPendingBytes);
    }

    /** As the public constructor, with the gathering bound for tests. */
    CommitLogFlusher(FlushDiskType type, int intervalMillis, int syncTimeoutMillis, LongSupplier writtenOffset,
                     ForceAction forceAction, long initialFlushedOffset, long maxGatherNanos) {
        this(type, intervalMillis, syncTimeoutMillis, writtenOffset, forceAction, initialFlushedOffset, maxGatherNanos,
                Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    private CommitLogFlusher(FlushDiskType type, int intervalMillis, int syncTimeoutMillis, LongSupplier writtenOffset,
                             ForceAction forceAction, long initialFlushedOffset, long maxGatherNanos, int maxWaiters,
                             long maxPendingBytes) {
        this.maxWaiters = maxWaiters;
        this.maxPendingBytes = maxPendingBytes;
        this.type = type;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.syncTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(syncTimeoutMillis);
        this.maxGatherNanos = maxGatherNanos;
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

    /** Runs after every force that moved the flushed offset, on the flusher thread; must not block. */
    public void onFlushed(Runnable action) {
        onFlushed = action;
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
                // Nothing forced: only answer futures that timed out, or everyone after a failure.
                answer(false);
                continue;
            } else {
                gather();
            }
            flushOnce();
        }
    }

    /** Waits (bounded) until as many waiters arrived as the last force answered; see the class comment. */
    private void gather() {
        int target = gatherTarget;
        if (target <= 1 || arrivals.get() >= target) {
            return;
        }
        long deadline = System.nanoTime() + Math.min(lastForceNanos / 2, maxGatherNanos);
        gathering = true;
        long remaining;
        while (arrivals.get() < target && running && (remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, remaining);
        }
        gathering = false;
    }

    /** Forces what is written now (if anything), then answers the waiters it covers or that timed out. */
    public void flushOnce() {
        long target = writtenOffset.getAsLong();
        boolean moved = false;
        if (target > flushedOffset && !failed) {
            long start = System.nanoTime();
            try {
                forceAction.force();
                flushedOffset = target;
                moved = true;
            } catch (RuntimeException | Error e) {
                failed = true;
                LOG.error("commit log force failed; no write after offset {} is acknowledged any more", flushedOffset, e);
            }
            lastForceNanos = System.nanoTime() - start;
        }
        answer(moved);
        if (moved) {
            onFlushed.run();
        }
    }

    /**
     * Answers the waiters the flushed offset covers (every waiter after a failure or on shutdown) and the
     * futures that timed out. After a force that moved the offset, the waiters answered become the number
     * the next force gathers for.
     */
    private void answer(boolean afterForce) {
        if (afterForce) {
            // Waiters registering from here on are arrivals for the next force.
            arrivals.set(0);
        }
        int answered = answerPending() + waiters.wake(flushedOffset, failed || !running);
        if (afterForce) {
            gatherTarget = answered;
        }
    }

    /** Counts a waiter in; wakes the flusher if it sleeps with nothing to do or has gathered enough waiters. */
    private void arrive() {
        int arrived = arrivals.incrementAndGet();
        Thread t = thread;
        if (t != null && (idle || (gathering && arrived >= gatherTarget))) {
            LockSupport.unpark(t);
        }
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
        arrive();
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

    /**
     * Whether a new SYNC_FLUSH append may be written: false while {@code maxWaiters} futures already wait,
     * or {@code maxPendingBytes} are written but not forced. Asked before the write, so a refused send
     * stores nothing. A few appenders racing past the check overshoot by at most one each.
     */
    public boolean admits() {
        return pendingCount.get() < maxWaiters && writtenOffset.getAsLong() - flushedOffset < maxPendingBytes;
    }

    /** How many {@link #awaitAsync} futures wait for a force now. */
    public int waiting() {
        return pendingCount.get();
    }

    /** As {@link #await} but answered by the flusher thread through a future. */
    public CompletableFuture<AppendStatus> awaitAsync(long offset) {
        if (flushedOffset >= offset) {
            return CompletableFuture.completedFuture(AppendStatus.PUT_OK);
        }
        CompletableFuture<AppendStatus> future = new CompletableFuture<>();
        pendingCount.incrementAndGet();
        pending.add(new PendingFlush(offset, System.nanoTime() + syncTimeoutNanos, future));
        arrive();
        return future;
    }

    /** Answers every waiting future FLUSH_DISK_TIMEOUT: never PUT_OK, which only a force may give. */
    private void timeOutPending() {
        for (PendingFlush p; (p = pending.poll()) != null; ) {
            pendingCount.decrementAndGet();
            p.future().complete(AppendStatus.FLUSH_DISK_TIMEOUT);
        }
    }

    /** Completes the futures the flushed offset covers (or that failed or timed out); returns how many. */
    private int answerPending() {
        if (pending.isEmpty()) {
            return 0;
        }
        int answered = 0;
        long flushed = flushedOffset;
        long now = System.nanoTime();
        for (Iterator<PendingFlush> it = pending.iterator(); it.hasNext(); ) {
            PendingFlush p = it.next();
            AppendStatus status = p.offset() <= flushed ? AppendStatus.PUT_OK
                    : failed ? AppendStatus.FLUSH_FAILED
                    : (now - p.deadlineNanos() >= 0 || !running) ? AppendStatus.FLUSH_DISK_TIMEOUT : null;
            if (status != null) {
                it.remove();
                pendingCount.decrementAndGet();
                p.future().complete(status);
                answered++;
            }
        }
        return answered;
    }

    /**
     * Stops the thread, then forces a last time and answers the waiters still uncovered. Returns false, and
     * forces nothing, when the thread did not stop in time (a force stuck on the disk): a second thread
     * forcing and answering waiters at once could answer PUT_OK for bytes the stuck force has not covered.
     */
    public boolean shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(syncTimeoutNanos) + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.error("the flusher did not stop in time; leaving the commit log unforced, the next start recovers");
                timeOutPending();
                return false;
            }
        }
        flushOnce();
        return true;
    }
}
