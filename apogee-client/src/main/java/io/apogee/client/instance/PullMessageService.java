package io.apogee.client.instance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a client instance that issues pulls that cannot follow an answer at once: a
 * queue's first pull, and pulls after a delay (flow control, errors, a pull interval). Each task
 * sends an asynchronous pull and returns at once, so one thread serves every queue of every consumer
 * of the instance. A pull that follows an answer without delay is sent from the transport thread.
 *
 * <p>Thread safety: {@link #submit} and {@link #submitLater} may be called from any thread; tasks
 * submitted after shutdown are dropped.
 */
public final class PullMessageService {

    private static final Logger LOG = LoggerFactory.getLogger(PullMessageService.class);

    private final ScheduledThreadPoolExecutor executor;

    PullMessageService(String clientId) {
        executor = new ScheduledThreadPoolExecutor(1, new NamedThreads("apogee-pull-" + clientId));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void start() {
        executor.prestartCoreThread();
    }

    public void submit(Runnable pull) {
        submitLater(pull, 0);
    }

    public void submitLater(Runnable pull, long delayMillis) {
        try {
            executor.schedule(() -> runSafely(pull), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("pull dropped: the pull service is shut down");
        }
    }

    private static void runSafely(Runnable pull) {
        try {
            pull.run();
        } catch (RuntimeException e) {
            LOG.warn("pull task failed", e);
        }
    }

    void shutdown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
