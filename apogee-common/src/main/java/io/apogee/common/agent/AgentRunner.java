package io.apogee.common.agent;

import io.apogee.common.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Agent} on a named daemon thread of its own:
 *
 * <pre>
 * onStart ──► while running: work = doWork() ──► work &gt; 0 ? again : idle(work) ──► onClose
 *                              └─ the pass or the idle wait throws: onError, count it, log it (rate-limited),
 *                                 back off, again
 * </pre>
 *
 * <p>Errors: a pass that throws is counted ({@link #errors()}); the first one is logged with its stack
 * trace, later ones as one line with the running count at most once per {@value #ERROR_LOG_INTERVAL_MILLIS}
 * ms, so a loop that keeps failing (a disk that refuses every write) writes a few lines a minute instead of
 * a stack trace per retry. After an error the runner waits {@value #ERROR_BACKOFF_MILLIS} ms before the next
 * pass, and a {@link #wake()} does not cut that wait short.
 *
 * <p>Stopping: {@link #close(long)} asks the loop to end and waits for the thread. When it ends in time, the
 * agent's {@link Agent#onClose()} has run on the agent's own thread. When it does not (a pass stuck in a
 * force), the runner leaves everything as it is: it never runs the agent's body or its close on the caller's
 * thread, where two threads would then force or dispatch at once, and if the stuck pass returns later the
 * thread ends without {@code onClose}. The caller learns it from the result and must not treat the agent's
 * state as closed (a store then writes no clean-shutdown marker).
 *
 * <p>Thread safety: {@link #start()} and {@link #close(long)} by the owner; {@link #wake()},
 * {@link #running()} and {@link #errors()} from any thread.
 */
public final class AgentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);
    private static final long ERROR_LOG_INTERVAL_MILLIS = 10_000;
    private static final long ERROR_BACKOFF_MILLIS = 100;

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int CLOSING = 3;
    private static final int CLOSED = 4;
    private static final int ABANDONED = 5;

    private final Agent agent;
    private final IdleStrategy idle;
    private final long errorBackoffNanos;
    private final RateLimitedLog errorLog;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean idling;
    private volatile boolean closedCleanly;
    private volatile Thread thread;

    public AgentRunner(Agent agent, IdleStrategy idle) {
        this(agent, idle, TimeUnit.MILLISECONDS.toNanos(ERROR_BACKOFF_MILLIS));
    }

    /** As the public constructor, with the wait after an error for tests. */
    AgentRunner(Agent agent, IdleStrategy idle, long errorBackoffNanos) {
        this.agent = agent;
        this.idle = idle;
        this.errorBackoffNanos = errorBackoffNanos;
        this.errorLog = new RateLimitedLog(LOG, ERROR_LOG_INTERVAL_MILLIS);
    }

    /** Starts the agent's thread, named after {@link Agent#roleName()}; returns it. */
    public Thread start() {
        if (!state.compareAndSet(NEW, RUNNING)) {
            throw new IllegalStateException(agent.roleName() + " was already started");
        }
        Thread t = new Thread(this::run, agent.roleName());
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    /** The agent's thread once started, else null. */
    public Thread thread() {
        return thread;
    }

    /** True until {@link #close(long)} is called: a pass that loops over much work should return when false. */
    public boolean running() {
        int s = state.get();
        return s == RUNNING || s == NEW;
    }

    /** Passes that threw, since the start. */
    public long errors() {
        return errors.get();
    }

    /**
     * Ends the agent's idle wait if it is in one; otherwise does nothing (a volatile read, no system call),
     * so producers may call it on every publish.
     */
    public void wake() {
        Thread t = thread;
        if (idling && t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        try {
            agent.onStart();
        } catch (Throwable e) {
            errors.incrementAndGet();
            LOG.error("{} failed to start; it does no work", agent.roleName(), e);
            state.set(ABANDONED);
            return;
        }
        boolean backOff = false;
        while (state.get() == RUNNING) {
            // One try around the pass and the idle wait: the JVM raises a fault in a mapped-memory access
            // asynchronously, at the thread's next transition (a park, say), so an agent's error may surface
            // after the pass that caused it returned. Wherever it surfaces, the agent hears of it.
            try {
                if (backOff) {
                    backOff = false;
                    LockSupport.parkNanos(this, errorBackoffNanos);
                    continue;
                }
                int work = agent.doWork();
                if (work <= 0) {
                    idle(work);
                }
            } catch (Throwable e) {
                backOff = true;
                failed(e);
            }
        }
        if (state.compareAndSet(STOPPING, CLOSING)) {
            try {
                agent.onClose();
                closedCleanly = true;
            } catch (Throwable e) {
                errors.incrementAndGet();
                LOG.error("{} failed while closing", agent.roleName(), e);
            } finally {
                state.set(CLOSED);
            }
        }
    }

    private void idle(int work) {
        // Marked idle before the agent is asked how long it may sleep: see ParkingIdleStrategy.
        idling = true;
        try {
            if (state.get() == RUNNING) {
                idle.idle(work);
            }
        } finally {
            idling = false;
        }
    }

    private void failed(Throwable e) {
        long count = errors.incrementAndGet();
        try {
            agent.onError(e);
        } catch (Throwable inHandler) {
            LOG.error("{} failed handling its own error", agent.roleName(), inHandler);
        }
        if (count == 1) {
            errorLog.error("{} failed; retrying, and counting further failures in one line per {} s",
                    agent.roleName(), ERROR_LOG_INTERVAL_MILLIS / 1000, e);
        } else {
            errorLog.error("{} failed again, {} failures so far; the latest: {}", agent.roleName(), count,
                    e.toString());
        }
    }

    /**
     * Asks the loop to end after its current pass and waits up to {@code timeoutMillis} for the thread, which
     * runs {@link Agent#onClose()} before it ends. Returns true when the agent closed cleanly in time; false
     * when it did not (the thread is stuck, or onStart or onClose failed), and then its state was left alone.
     * An agent never started has nothing to close: true.
     */
    public boolean close(long timeoutMillis) {
        Thread t = thread;
        if (state.compareAndSet(NEW, CLOSED) || t == null) {
            return true;
        }
        state.compareAndSet(RUNNING, STOPPING);
        LockSupport.unpark(t);
        try {
            t.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            // Stuck in a pass: mark it so that the pass, if it ever returns, does not close either.
            state.compareAndSet(STOPPING, ABANDONED);
            LOG.error("{} did not stop within {} ms and is left as it is; stuck at {}", agent.roleName(),
                    timeoutMillis, where(t));
            return false;
        }
        return closedCleanly;
    }

    /** The frame a thread is stuck in and the first frame of ours below it, for one log line. */
    private static String where(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0) {
            return "an unknown place";
        }
        String ours = Arrays.stream(stack).map(StackTraceElement::toString)
                .filter(frame -> !frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun."))
                .findFirst().orElse("no frame of ours");
        return stack[0] + ", in " + ours;
    }
}
