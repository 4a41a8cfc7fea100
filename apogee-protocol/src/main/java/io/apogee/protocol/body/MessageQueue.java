package io.apogee.protocol.body;

import java.util.Comparator;

/**
 * One queue of a topic on one broker. Used in lock/unlock bodies and, as an object map key, in
 * offset tables. Orders by topic, broker name, then queue id. Immutable.
 */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {

    private static final Comparator<MessageQueue> ORDER = Comparator
            .comparing(MessageQueue::topic, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MessageQueue::brokerName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(MessageQueue::queueId);

    @Override
    public int compareTo(MessageQueue other) {
        return ORDER.compare(this, other);
    }
}
