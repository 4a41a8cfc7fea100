package io.apogee.client.consumer;

import io.apogee.client.instance.NamedThreads;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread pool a push consumer's listener runs on: {@code consumeThreadMin} core threads, an
 * unbounded backlog, and a bounded wait for running listeners at shutdown.
 *
 * <p>Thread safety: any thread, as a {@link ThreadPoolExecutor}.
 */
final class ConsumePool {

    private final ThreadPoolExecutor executor;

    ConsumePool(PushConsumer consumer, String threadNamePrefix) {
        this.executor = new ThreadPoolExecutor(consumer.getConsumeThreadMin(),
                Math.max(consumer.getConsumeThreadMin(), consumer.getConsumeThreadMax()), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads(threadNamePrefix + consumer.getConsumerGroup()));
    }

    /** Queues a task; false when the pool has been shut down and refused it. */
    boolean execute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** One step towards the core size the backlog needs, within {@code [min, max]}. */
    void adjustToBacklog(int min, int max) {
        int core = executor.getCorePoolSize();
        int backlog = executor.getQueue().size();
        if (backlog > 0 && core < max) {
            executor.setMaximumPoolSize(Math.max(executor.getMaximumPoolSize(), core + 1));
            executor.setCorePoolSize(core + 1);
        } else if (backlog == 0 && core > min) {
            executor.setCorePoolSize(core - 1);
        }
    }

    int corePoolSize() {
        return executor.getCorePoolSize();
    }

    /** Interrupts running listeners and waits for them at least a second, at most as long as asked. */
    void shutdown(long awaitMillis) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(Math.max(awaitMillis, 1_000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
