package io.apogee.broker.metrics;

import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.store.MessageStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What consumers have not consumed yet, computed at scrape time from committed offsets and the store:
 * {@code rocketmq_consumer_lag_messages} (messages between each committed offset and its queue's end, summed
 * per topic and group), {@code rocketmq_consumer_lag_latency} (ms since the oldest unconsumed message of
 * those queues was stored) and {@code rocketmq_consumer_inflight_messages} (pulled past the committed offset,
 * as the pull threads recorded it in {@link BrokerStats}), and {@code rocketmq_send_to_dlq_messages_total} per group (messages ever stored in
 * its {@code %DLQ%} topic; a queue's end offset never goes back, so it is a counter).
 *
 * <p>Bounded: lag is per topic and group, never per queue, and at most {@link #LAG_SERIES_MAX} pairs are
 * exported; pairs beyond are counted in {@code apogee_metrics_series_dropped}. Only queues with a committed
 * offset count: a group that never committed on a queue has no position there to lag behind.
 *
 * <p>Thread safety: {@link #refresh} on the scrape thread only.
 */
final class BacklogMeters {

    static final int LAG_SERIES_MAX = 10_000;

    private final MeterRegistry registry;
    private final Tags node;
    private final ConsumerOffsetTable offsets;
    private final TopicTable topics;
    private final MessageStore store;
    private final LongSupplier clock;
    private final MultiGauge lagMessages;
    private final MultiGauge lagLatency;
    private final MultiGauge inflight;
    private final BrokerStats stats;
    private final Set<String> deadLetterTopics = new HashSet<>();
    private int dropped;

    BacklogMeters(MeterRegistry registry, Tags node, ConsumerOffsetTable offsets, TopicTable topics,
                  MessageStore store, BrokerStats stats, LongSupplier clock) {
        this.registry = registry;
        this.stats = stats;
        this.node = node;
        this.offsets = offsets;
        this.topics = topics;
        this.store = store;
        this.clock = clock;
        lagMessages = MultiGauge.builder("rocketmq_consumer_lag_messages")
                .description("Messages not consumed yet, per topic and consumer group").register(registry);
        lagLatency = MultiGauge.builder("rocketmq_consumer_lag_latency")
                .description("Milliseconds since the oldest message not consumed yet was stored").register(registry);
        inflight = MultiGauge.builder("rocketmq_consumer_inflight_messages")
                .description("Messages pulled by a group but not committed yet, per topic and consumer group")
                .register(registry);
    }

    void refresh() {
        refreshLag();
        refreshDeadLetters();
    }

    private void refreshLag() {
        long now = clock.getAsLong();
        List<MultiGauge.Row<?>> messages = new ArrayList<>();
        List<MultiGauge.Row<?>> latency = new ArrayList<>();
        List<MultiGauge.Row<?>> pulledNotCommitted = new ArrayList<>();
        dropped = 0;
        for (Map.Entry<String, Map<Integer, Long>> entry : offsets.snapshot().entrySet()) {
            int at = entry.getKey().indexOf('@');
            if (at < 0) {
                continue;
            }
            if (messages.size() >= LAG_SERIES_MAX) {
                dropped++;
                continue;
            }
            String topic = entry.getKey().substring(0, at);
            String group = entry.getKey().substring(at + 1);
            long lag = 0;
            long inflightNow = 0;
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<Integer, Long> queue : entry.getValue().entrySet()) {
                long committed = queue.getValue();
                long pulled = stats.pulledOffset(group, topic, queue.getKey());
                if (committed >= 0 && pulled > committed) {
                    inflightNow += pulled - committed;
                }
                long end = store.maxOffsetInQueue(topic, queue.getKey());
                if (committed < 0 || end <= committed) {
                    continue;
                }
                lag += end - committed;
                long stored = store.messageStoreTime(topic, queue.getKey(), committed);
                if (stored > 0) {
                    oldest = Math.min(oldest, stored);
                }
            }
            Tags tags = Tags.of(Labels.TOPIC, topic, Labels.CONSUMER_GROUP, group,
                    Labels.IS_RETRY, Labels.isRetry(topic), Labels.IS_SYSTEM, Labels.isSystem(topic)).and(node);
            long lagMessagesNow = lag;
            long lagMillisNow = oldest == Long.MAX_VALUE ? 0 : Math.max(0, now - oldest);
            messages.add(MultiGauge.Row.of(tags, () -> lagMessagesNow));
            latency.add(MultiGauge.Row.of(tags, () -> lagMillisNow));
            long inflightMessages = inflightNow;
            pulledNotCommitted.add(MultiGauge.Row.of(tags, () -> inflightMessages));
        }
        lagMessages.register(messages, true);
        lagLatency.register(latency, true);
        inflight.register(pulledNotCommitted, true);
    }

    private void refreshDeadLetters() {
        for (String topic : topics.snapshot().topicConfigTable().keySet()) {
            String group = Labels.deadLetterGroup(topic);
            if (group != null && deadLetterTopics.add(topic)) {
                FunctionCounter.builder("rocketmq_send_to_dlq_messages", topic, this::storedMessages)
                        .description("Messages moved to a group's dead-letter topic")
                        .tags(node.and(Labels.CONSUMER_GROUP, group)).register(registry);
            }
        }
    }

    /** Messages ever stored in {@code topic}: the sum of its queues' end offsets. */
    private double storedMessages(String topic) {
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return 0;
        }
        long sum = 0;
        for (int queue = 0; queue < config.writeQueueNums(); queue++) {
            sum += Math.max(0, store.maxOffsetInQueue(topic, queue));
        }
        return sum;
    }

    /** Topic-and-group pairs left out at the last refresh. */
    int dropped() {
        return dropped;
    }
}
