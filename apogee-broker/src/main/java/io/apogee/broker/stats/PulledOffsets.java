package io.apogee.broker.stats;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per consumer group and topic, the offset after the last message each queue handed to the group: with the
 * group's committed offsets it tells what the group has pulled but not yet committed
 * ({@code rocketmq_consumer_inflight_messages}).
 *
 * <p>Thread safety: {@link #pulled} from pull threads, allocation-free once a group, topic and queue were seen
 * (one map lookup per part and one array store); {@link #offset} from any thread.
 */
final class PulledOffsets {

    private static final int INITIAL_QUEUES = 16;

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Queues>> groups = new ConcurrentHashMap<>();

    /** The next offsets of one group's queues in one topic, grown when a higher queue id shows up. */
    private static final class Queues {
        private volatile AtomicLongArray next = filled(INITIAL_QUEUES);

        void set(int queueId, long offset) {
            AtomicLongArray current = next;
            if (queueId >= current.length()) {
                current = grow(queueId);
            }
            current.set(queueId, offset);
        }

        private synchronized AtomicLongArray grow(int queueId) {
            AtomicLongArray current = next;
            if (queueId < current.length()) {
                return current;
            }
            AtomicLongArray larger = filled(Math.max(queueId + 1, current.length() * 2));
            for (int i = 0; i < current.length(); i++) {
                larger.set(i, current.get(i));
            }
            next = larger;
            return larger;
        }

        long get(int queueId) {
            AtomicLongArray current = next;
            return queueId < current.length() ? current.get(queueId) : -1;
        }

        private static AtomicLongArray filled(int length) {
            AtomicLongArray array = new AtomicLongArray(length);
            for (int i = 0; i < length; i++) {
                array.set(i, -1);
            }
            return array;
        }
    }

    void pulled(String group, String topic, int queueId, long nextOffset) {
        if (queueId < 0) {
            return;
        }
        ConcurrentHashMap<String, Queues> byTopic = groups.get(group);
        if (byTopic == null) {
            byTopic = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        }
        Queues queues = byTopic.get(topic);
        if (queues == null) {
            queues = byTopic.computeIfAbsent(topic, t -> new Queues());
        }
        queues.set(queueId, nextOffset);
    }

    /** The offset after the last message pulled from the queue, or -1 when the group never pulled it here. */
    long offset(String group, String topic, int queueId) {
        ConcurrentHashMap<String, Queues> byTopic = groups.get(group);
        Queues queues = byTopic == null ? null : byTopic.get(topic);
        return queues == null ? -1 : queues.get(queueId);
    }
}
