package io.apogee.common.schedule;

import io.apogee.common.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The periodic tasks of one feature, on that feature's own named daemon thread, so a slow task of one
 * feature (a file write on a stalled disk, a round of transaction checks) never delays another's.
 *
 * <p>A task that throws is logged, at most once a minute per owner, and runs again at its next period:
 * one failure never cancels a task. {@link #close()} stops the tasks and waits briefly for a running one.
 *
 * <p>Thread safety: {@link #every} may be called from any thread before {@link #close()}.
 */
public final class PeriodicTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final String threadName;
    private final ScheduledExecutorService executor;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 60_000);

    public PeriodicTasks(String threadName) {
        this.threadName = threadName;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} every {@code periodMillis}, first after one period; {@code what} names it in logs. */
    public void every(long periodMillis, String what, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failures.error("{} on {} failed; it runs again in {} ms: {}", what, threadName, periodMillis, e.toString(), e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops every task; a task that is running is interrupted and waited for up to a few seconds. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {} ms; it is a daemon thread and is left to end", threadName,
                        CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
