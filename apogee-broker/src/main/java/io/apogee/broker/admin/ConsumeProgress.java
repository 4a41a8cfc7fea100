package io.apogee.broker.admin;

import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.protocol.body.ConsumeStats;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.store.MessageStore;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a consumer group is in a topic on this broker: per queue, the queue's end, the group's committed
 * offset and the store time of the last message it consumed, with the rate it pulls at. Shared by the
 * per-group (GET_CONSUME_STATS) and whole-broker (GET_BROKER_CONSUME_STATS) answers.
 *
 * <p>Thread safety: reads thread-safe sources; any thread.
 */
final class ConsumeProgress {

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final BrokerStats stats;
    private final String brokerName;

    ConsumeProgress(ConsumerOffsetTable offsets, MessageStore store, BrokerStats stats, String brokerName) {
        this.offsets = offsets;
        this.store = store;
        this.stats = stats;
        this.brokerName = brokerName;
    }

    /** Adds the first {@code queues} queues of {@code topic} to {@code table}. */
    void addQueues(Map<MessageQueue, OffsetWrapper> table, String group, String topic, int queues) {
        for (int queueId = 0; queueId < queues; queueId++) {
            long committed = Math.max(0, offsets.query(group, topic, queueId));
            long lastTimestamp = committed > 0 ? Math.max(0, store.messageStoreTime(topic, queueId, committed - 1)) : 0;
            table.put(new MessageQueue(topic, brokerName, queueId), new OffsetWrapper(
                    Math.max(0, store.maxOffsetInQueue(topic, queueId)), committed, committed, lastTimestamp));
        }
    }

    /** The group's progress in one topic, with its pull rate over the last minute. */
    ConsumeStats of(String group, String topic, int queues) {
        Map<MessageQueue, OffsetWrapper> table = new HashMap<>();
        addQueues(table, group, topic, queues);
        return new ConsumeStats(table, stats.groupGetTps(group, topic));
    }

    /** Messages in the table's queues not yet consumed. */
    static long diff(ConsumeStats consumeStats) {
        long diff = 0;
        for (OffsetWrapper offset : consumeStats.offsetTable().values()) {
            diff += offset.brokerOffset() - offset.consumerOffset();
        }
        return diff;
    }
}
