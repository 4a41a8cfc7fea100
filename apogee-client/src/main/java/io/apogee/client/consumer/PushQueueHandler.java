package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * What a push consumer does when it gains or loses a queue: on gain, find where to start (the
 * stored offset, else per {@code consumeFromWhere}) and start pulling; on loss, persist the
 * queue's offset so the next owner continues where this one stopped. An orderly clustering
 * consumer also locks a queue on its broker before taking it and unlocks it when letting go.
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
        if (needsLock() && !lock(queue, processQueue)) {
            return false;
        }
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
        if (needsLock()) {
            synchronized (processQueue.consumeLock()) {
                unlock(queue);
            }
        }
    }

    /** Renews the broker locks of the queues held, as a lock expires on the broker after a minute. */
    void relock(java.util.Map<MessageQueue, ProcessQueue> held) {
        if (needsLock()) {
            held.forEach((queue, processQueue) -> lock(queue, processQueue));
        }
    }

    private boolean needsLock() {
        return consumer.isOrderly() && consumer.getMessageModel() == MessageModel.CLUSTERING;
    }

    private boolean lock(MessageQueue queue, ProcessQueue processQueue) {
        String master = instance.brokers().masterAddress(queue.brokerName());
        try {
            boolean granted = master != null && instance.brokerApi().lockBatch(master, consumer.getConsumerGroup(),
                    instance.clientId(), Set.of(queue), instance.options().getMqClientApiTimeout()).contains(queue);
            processQueue.setLocked(granted);
            return granted;
        } catch (RuntimeException e) {
            LOG.warn("group {}: locking {} failed: {}", consumer.getConsumerGroup(), queue, e.toString());
            processQueue.setLocked(false);
            return false;
        }
    }

    private void unlock(MessageQueue queue) {
        String master = instance.brokers().masterAddress(queue.brokerName());
        if (master != null) {
            try {
                instance.brokerApi().unlockBatch(master, consumer.getConsumerGroup(), instance.clientId(), Set.of(queue),
                        instance.options().getMqClientApiTimeout());
            } catch (RuntimeException e) {
                LOG.warn("group {}: unlocking {} failed: {}", consumer.getConsumerGroup(), queue, e.toString());
            }
        }
    }
}
