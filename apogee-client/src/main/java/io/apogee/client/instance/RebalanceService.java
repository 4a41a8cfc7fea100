package io.apogee.client.instance;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The thread that rebalances every consumer of a client instance: every
 * {@code rocketmq.client.rebalance.waitInterval} ms (20 s by default, RocketMQ's property) and at
 * once when {@linkplain #wakeup() woken}, as a broker's NOTIFY_CONSUMER_IDS_CHANGED does.
 * Wake-ups that arrive while a rebalance is pending coalesce into it.
 *
 * <p>Thread safety: {@link #wakeup()} may be called from any thread.
 */
public final class RebalanceService {

    public static final String WAIT_INTERVAL_PROPERTY = "rocketmq.client.rebalance.waitInterval";

    private final ScheduledThreadPoolExecutor executor;
    private final Runnable rebalance;
    private final long intervalMillis = Long.getLong(WAIT_INTERVAL_PROPERTY, 20_000);
    private final AtomicBoolean pending = new AtomicBoolean();

    RebalanceService(String clientId, Runnable rebalance) {
        this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreads("apogee-rebalance-" + clientId));
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.rebalance = rebalance;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::runOnce, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Asks for a rebalance as soon as possible. */
    public void wakeup() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.execute(this::runOnce);
            } catch (RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    private void runOnce() {
        pending.set(false);
        rebalance.run();
    }

    void shutdown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
