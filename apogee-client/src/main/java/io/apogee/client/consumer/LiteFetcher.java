package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.SubscriptionData;

import java.util.concurrent.BlockingQueue;

/**
 * Fetches ahead for a lite pull consumer on the instance's pull thread: one pull in flight per
 * queue, held back while the queue is paused or the buffers are full, answers put on the
 * consumer's fetched queue with the generation they were pulled in. A seek bumps the generation and
 * starts a new loop at once, so it takes effect without waiting for a held pull; the old loop
 * drops its answer and ends.
 *
 * <p>Thread safety: pulls start on the pull thread; answers arrive on transport threads.
 */
final class LiteFetcher {

    static final long WAIT_MILLIS = 50;
    static final long ERROR_DELAY_MILLIS = 1_000;

    private final LitePullConsumer consumer;
    private final ClientInstance instance;
    private final BlockingQueue<LitePullTask.Fetched> fetched;

    LiteFetcher(LitePullConsumer consumer, ClientInstance instance, BlockingQueue<LitePullTask.Fetched> fetched) {
        this.consumer = consumer;
        this.instance = instance;
        this.fetched = fetched;
    }

    /** Starts the fetch loop of the task's current generation; a loop of an older generation ends by itself. */
    void start(LitePullTask task) {
        long generation = task.generation();
        instance.pullService().submit(() -> pull(task, generation));
    }

    private void later(LitePullTask task, long generation, long delayMillis) {
        instance.pullService().submitLater(() -> pull(task, generation), delayMillis);
    }

    private void pull(LitePullTask task, long generation) {
        ProcessQueue processQueue = task.processQueue();
        if (processQueue.isDropped() || task.generation() != generation) {
            return;
        }
        long buffered = consumer.tasks().values().stream().mapToLong(t -> t.processQueue().messageCount()).sum();
        if (processQueue.isPaused() || processQueue.messageCount() >= consumer.getPullThresholdForQueue()
                || buffered >= consumer.getPullThresholdForAll()) {
            later(task, generation, WAIT_MILLIS);
            return;
        }
        SubscriptionData subscription = consumer.rebalancer().subscriptions().get(task.queue().topic());
        if (subscription == null) {
            subscription = Subscriptions.tags(task.queue().topic(), SubscriptionData.SUB_ALL);
        }
        PullCall.pull(instance, consumer.getConsumerGroup(), task.queue(), subscription, task.nextOffset(),
                consumer.getPullBatchSize(), 0, true, PullCall.TIMEOUT_WHEN_SUSPEND_MILLIS)
                .whenComplete((result, error) -> {
                    if (task.generation() != generation) {
                        return;
                    }
                    if (error != null) {
                        later(task, generation, ERROR_DELAY_MILLIS);
                        return;
                    }
                    if (processQueue.isDropped() || processQueue.isPaused()) {
                        later(task, generation, WAIT_MILLIS);
                        return;
                    }
                    if (task.advance(generation, result.nextBeginOffset()) && !result.messages().isEmpty()) {
                        processQueue.putMessages(result.messages());
                        fetched.add(new LitePullTask.Fetched(task, generation, result.messages()));
                    }
                    later(task, generation, 0);
                });
    }
}
