package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a push consumer does when it gains or loses a queue: on gain, find where to start (the
 * stored offset, else per {@code consumeFromWhere}) and start pulling; on loss, persist the
 * queue's offset so the next owner continues where this one stopped.
 *
 * <p>Thread safety: called on the rebalance thread.
 */
final class PushQueueHandler implements Rebalancer.QueueHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PushQueueHandler.class);

    private final PushConsumer consumer;
    private final ClientInstance instance;
    private final OffsetStore offsets;

    PushQueueHandler(PushConsumer consumer, ClientInstance instance, OffsetStore offsets) {
        this.consumer = consumer;
        this.instance = instance;
        this.offsets = offsets;
    }

    @Override
    public boolean onAdded(MessageQueue queue, ProcessQueue processQueue) {
        offsets.removeOffset(queue);
        long start = StartOffsets.compute(instance, offsets, queue, consumer.getConsumeFromWhere(),
                consumer.getConsumeTimestamp());
        if (start < 0) {
            return false;
        }
        offsets.updateOffset(queue, start, false);
        consumer.puller().start(new PullRequest(queue, processQueue, start));
        LOG.debug("group {} takes {} from offset {}", consumer.getConsumerGroup(), queue, start);
        return true;
    }

    @Override
    public void onRemoved(MessageQueue queue, ProcessQueue processQueue) {
        try {
            offsets.persist(queue);
        } catch (RuntimeException e) {
            LOG.warn("group {}: persisting the offset of released queue {} failed: {}", consumer.getConsumerGroup(),
                    queue, e.toString());
        }
        offsets.removeOffset(queue);
    }
}
