package io.apogee.store.flush;

import io.apogee.common.agent.Agent;
import io.apogee.common.agent.AgentRunner;
import io.apogee.common.agent.ParkingIdleStrategy;
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
 * <p>Bounded: {@link #awaitAsync} futures are admitted only while fewer than {@code maxWaiters} wait and
 * fewer than {@code maxPendingBytes} are written but unforced ({@link #admits()}); a waiter is an offset, a
 * deadline and a future, nothing of the message. Whoever completes a future must not build replies on the
 * flusher thread: the completion is handed on (the broker completes on the connection's event loop).
 *
 * <p>Thread safety: {@link #doWork()} and the other {@link Agent} methods on the one flusher thread, run by an
 * {@link AgentRunner}; {@link #wakeUp()}, {@link #await}, {@link #awaitAsync} and {@link #admits()} from any
 * thread. {@link #await} parks its caller in a {@link FlushWaiters} slot without allocating.
 */
public final class CommitLogFlusher implements Agent {

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
    /** Written by the flusher thread only (so ++ is safe), read by metrics from any thread. */
    private volatile long forces;
    private volatile long forceNanos;
    private volatile long waitersAnswered;
    private volatile boolean failed;
    private volatile boolean gathering;
    /** Waiters that arrived since the last force was answered; compared with {@link #gatherTarget}. */
    private final AtomicInteger arrivals = new AtomicInteger();
    /** How many waiters the last force answered: as many are expected back before the next force. */
    private volatile int gatherTarget;
    private long lastForceNanos;
    /** ASYNC_FLUSH: when the next periodic force is due. */
    private long nextForceNanos;
    private volatile Runnable onFlushed = () -> { };
    private final AgentRunner runner = new AgentRunner(this, new ParkingIdleStrategy(this::idleNanos));

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
        this.nextForceNanos = System.nanoTime() + intervalNanos;
    }

    /** Forces run since start (successful or not), for metrics. */
    public long forces() {
        return forces;
    }

    /** Time spent in those forces, in nanoseconds. */
    public long forceNanos() {
        return forceNanos;
    }

    /** SYNC_FLUSH sends answered by a force, summed over forces: divided by {@link #forces()}, the group-commit size. */
    public long waitersAnswered() {
        return waitersAnswered;
    }

    /** Everything below this offset has been forced to disk. */
    public long flushedOffset() {
        return flushedOffset;
    }

    public boolean failed() {
        return failed;
    }

    /** Starts the flusher thread. */
    public Thread start() {
        return runner.start();
    }

    @Override
    public String roleName() {
        return "apogee-store-flusher";
    }

    /** Runs after every force that moved the flushed offset, on the flusher thread; must not block. */
    public void onFlushed(Runnable action) {
        onFlushed = action;
    }

    /** One pass: a force when one is due (see the class comment), else the answers to waiters that timed out. */
    @Override
    public int doWork() {
        if (type == FlushDiskType.ASYNC_FLUSH) {
            long now = System.nanoTime();
            if (now - nextForceNanos < 0) {
                return 0;
            }
            nextForceNanos = now + intervalNanos;
        } else if (!forceDue()) {
            // Nothing to force: only answer futures that timed out, or everyone after a failure.
            return answer(false);
        } else {
            gather();
        }
        flushOnce();
        return 1;
    }

    private boolean forceDue() {
        return writtenOffset.getAsLong() > flushedOffset && !failed;
    }

    /**
     * How long the flusher may sleep now: under ASYNC_FLUSH until the next periodic force; under SYNC_FLUSH not
     * at all while something is unforced, else until an append wakes it or it is time to look for waiters that
     * timed out.
     */
    private long idleNanos() {
        if (type == FlushDiskType.ASYNC_FLUSH) {
            return nextForceNanos - System.nanoTime();
        }
        return forceDue() ? 0 : IDLE_PARK_NANOS;
    }

    /** The last force, on the flusher thread, when it stops in time: see {@link #shutdown()}. */
    @Override
    public void onClose() {
        flushOnce();
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
        while (arrivals.get() < target && runner.running() && (remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, remaining);
        }
        gathering = false;
    }

    /** Forces what is written now (if anything), then answers the waiters it covers or that timed out. */
    private void flushOnce() {
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
            forces++;
            forceNanos += lastForceNanos;
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
    private int answer(boolean afterForce) {
        if (afterForce) {
            // Waiters registering from here on are arrivals for the next force.
            arrivals.set(0);
        }
        int answered = answerPending() + waiters.wake(flushedOffset, failed || !runner.running());
        if (afterForce) {
            gatherTarget = answered;
            waitersAnswered += answered;
        }
        return answered;
    }

    /** Counts a waiter in; wakes the flusher if it sleeps with nothing to do or has gathered enough waiters. */
    private void arrive() {
        int arrived = arrivals.incrementAndGet();
        Thread t = runner.thread();
        if (gathering && arrived >= gatherTarget && t != null) {
            LockSupport.unpark(t);
        } else {
            runner.wake();
        }
    }

    /** Wakes the flusher when a SYNC_FLUSH append has written something. Allocation-free. */
    public void wakeUp() {
        runner.wake();
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
                if (remaining <= 0 || !runner.running() || Thread.currentThread().isInterrupted()) {
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

    /**
     * Answers every waiting future FLUSH_DISK_TIMEOUT (never PUT_OK, which only a force may give) and wakes
     * every parked {@link #await}er, which then sees the flusher stopped. Only completes futures, so it is safe
     * while a stuck force may still answer some of them: the first answer counts.
     */
    private void timeOutWaiters() {
        for (PendingFlush p; (p = pending.poll()) != null; ) {
            complete(p, AppendStatus.FLUSH_DISK_TIMEOUT);
        }
        waiters.wake(flushedOffset, true);
    }

    /**
     * Counts a waiting future out, then completes it, so that a sender answered and sending again finds its
     * room. Only the flusher thread does this while the store runs; at a shutdown whose flusher is stuck the
     * caller does it too, and the count, no longer used, may then be off.
     */
    private void complete(PendingFlush p, AppendStatus status) {
        pendingCount.decrementAndGet();
        p.future().complete(status);
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
                    : (now - p.deadlineNanos() >= 0 || !runner.running()) ? AppendStatus.FLUSH_DISK_TIMEOUT : null;
            if (status != null) {
                it.remove();
                complete(p, status);
                answered++;
            }
        }
        return answered;
    }

    /**
     * Stops the flusher thread, which forces a last time and answers the waiters still uncovered before it
     * ends. Returns false when it did not end in time (a force stuck on the disk): then nothing is forced on
     * this thread, because a second thread forcing and answering waiters at once could answer PUT_OK for bytes
     * the stuck force has not covered; the waiters are answered FLUSH_DISK_TIMEOUT and the next start recovers.
     */
    public boolean shutdown() {
        if (runner.close(TimeUnit.NANOSECONDS.toMillis(syncTimeoutNanos) + 1000)) {
            return true;
        }
        timeOutWaiters();
        return false;
    }
}
