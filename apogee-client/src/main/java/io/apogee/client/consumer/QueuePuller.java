package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one pull in flight per assigned queue of a push consumer: waits while a queue holds more
 * unconsumed messages than {@code pullThresholdForQueue} or {@code pullThresholdSizeForQueue} MiB
 * (flow control), lets the broker hold the pull until messages arrive, hands what comes back to the
 * consume service and pulls again.
 *
 * <p>Thread safety: a queue's first pull and every delayed one run on the instance's pull thread; a
 * pull that follows an answer at once runs on the transport thread that delivered the answer
 * ({@link #pullAgain}). A queue never has two pulls running, so {@link #pull} is never concurrent
 * with itself for one queue; what it shares across queues is thread-safe.
 */
final class QueuePuller {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePuller.class);
    static final long FLOW_CONTROL_DELAY_MILLIS = 50;
    static final long ERROR_DELAY_MILLIS = 3_000;

    private final PushConsumer consumer;
    private final ClientInstance instance;
    private final Rebalancer rebalancer;
    private final OffsetStore offsets;
    private final ConsumeService consumeService;
    private final AtomicLong flowControlTimes = new AtomicLong();

    QueuePuller(PushConsumer consumer, ClientInstance instance, Rebalancer rebalancer, OffsetStore offsets,
                ConsumeService consumeService) {
        this.consumer = consumer;
        this.instance = instance;
        this.rebalancer = rebalancer;
        this.offsets = offsets;
        this.consumeService = consumeService;
    }

    void start(PullRequest request) {
        instance.pullService().submit(() -> pull(request));
    }

    private void later(PullRequest request, long delayMillis) {
        instance.pullService().submitLater(() -> pull(request), delayMillis);
    }

    private void pull(PullRequest request) {
        ProcessQueue processQueue = request.processQueue();
        if (processQueue.isDropped()) {
            return;
        }
        if (consumer.isPaused()) {
            later(request, 1_000);
            return;
        }
        if (processQueue.messageCount() > consumer.getPullThresholdForQueue()
                || processQueue.messageBytes() > (long) consumer.getPullThresholdSizeForQueue() * 1024 * 1024) {
            flowControlTimes.incrementAndGet();
            later(request, FLOW_CONTROL_DELAY_MILLIS);
            return;
        }
        MessageQueue queue = request.queue();
        SubscriptionData subscription = rebalancer.subscriptions().get(queue.topic());
        if (subscription == null) {
            later(request, ERROR_DELAY_MILLIS);
            return;
        }
        long commitOffset = consumer.getMessageModel() == MessageModel.CLUSTERING
                ? offsets.readOffset(queue, ReadOffsetType.READ_FROM_MEMORY) : 0;
        PullCall.pull(instance, consumer.getConsumerGroup(), queue, subscription, request.nextOffset(),
                consumer.getPullBatchSize(), commitOffset, true, PullCall.TIMEOUT_WHEN_SUSPEND_MILLIS)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        if (!processQueue.isDropped()) {
                            LOG.debug("pull of {} failed: {}", queue, error.toString());
                        }
                        later(request, ERROR_DELAY_MILLIS);
                    } else {
                        onResult(request, result);
                    }
                });
    }

    private void onResult(PullRequest request, PullResult result) {
        ProcessQueue processQueue = request.processQueue();
        MessageQueue queue = request.queue();
        request.nextOffset(result.nextBeginOffset());
        switch (result.pullStatus()) {
            case FOUND -> {
                if (!result.messages().isEmpty()) {
                    processQueue.putMessages(result.messages());
                    consumeService.submit(result.messages(), processQueue, queue);
                } else if (processQueue.messageCount() == 0) {
                    offsets.updateOffset(queue, result.nextBeginOffset(), true);
                }
                pullAgain(request);
            }
            case NO_NEW_MSG, NO_MATCHED_MSG -> {
                if (processQueue.messageCount() == 0) {
                    offsets.updateOffset(queue, result.nextBeginOffset(), true);
                }
                pullAgain(request);
            }
            case OFFSET_ILLEGAL -> {
                LOG.warn("group {}: offset {} of {} is illegal, moving to {}", consumer.getConsumerGroup(),
                        request.nextOffset(), queue, result.nextBeginOffset());
                processQueue.markDropped();
                offsets.updateOffset(queue, result.nextBeginOffset(), false);
                instance.pullService().submitLater(() -> {
                    offsets.persist(queue);
                    rebalancer.remove(queue);
                }, 0);
            }
        }
    }

    /**
     * The next pull of a queue whose answer has just been handled: after the pull interval on the
     * pull thread, or, with no interval, at once on this transport thread. A pull only reads memory
     * and writes asynchronously, so it may run here; it saves handing the queue to the pull thread
     * and the pull thread handing the write back to the transport.
     */
    private void pullAgain(PullRequest request) {
        long interval = consumer.getPullInterval();
        if (interval > 0) {
            later(request, interval);
            return;
        }
        try {
            pull(request);
        } catch (RuntimeException e) {
            LOG.warn("pull of {} failed; retrying in {} ms", request.queue(), ERROR_DELAY_MILLIS, e);
            later(request, ERROR_DELAY_MILLIS);
        }
    }

    long flowControlTimes() {
        return flowControlTimes.get();
    }
}
