package io.apogee.client.route;

import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * Picks the queue for the next send attempt: round robin over the topic's queues, skipping brokers
 * the {@link BrokerFaultTracker} holds unavailable and, on a retry, the broker that just failed.
 * When every broker is excluded it still answers a queue, preferring one off the failed broker.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class QueueSelector {

    private final BrokerFaultTracker faults;
    private final boolean faultAvoidance;

    public QueueSelector(BrokerFaultTracker faults, boolean faultAvoidance) {
        this.faults = faults;
        this.faultAvoidance = faultAvoidance;
    }

    /** @param lastBrokerName the broker of the previous failed attempt, or null on the first */
    public MessageQueue select(TopicPublishInfo info, String lastBrokerName) {
        List<MessageQueue> queues = info.queues();
        int size = queues.size();
        int start = info.nextIndex();
        if (faultAvoidance) {
            for (int i = 0; i < size; i++) {
                MessageQueue queue = queues.get((start + i) % size);
                if (!queue.brokerName().equals(lastBrokerName) && faults.isAvailable(queue.brokerName())) {
                    return queue;
                }
            }
        }
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            if (!queue.brokerName().equals(lastBrokerName)) {
                return queue;
            }
        }
        return queues.get(start % size);
    }
}
