package io.apogee.broker.metrics;

import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.stats.StatsItem;
import io.apogee.broker.transaction.TransactionCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The per-topic and per-group counters of RocketMQ 5's broker metrics, read from the broker's existing
 * statistics ({@link BrokerStats}, {@link TransactionCounters}) rather than counted a second time: request
 * threads bump the same adders {@code statsAll} reads, and {@link #refresh} (before each scrape) registers a
 * {@link FunctionCounter} for each topic or group first seen since the last scrape.
 *
 * <p>Bounded: at most {@link #GROUP_SERIES_MAX} group-and-topic pairs get series of their own; the pairs left
 * out are counted in {@code apogee_metrics_series_dropped}, so many short-lived groups cannot explode the
 * endpoint.
 * Topics are not capped: each costs two series, as in RocketMQ.
 *
 * <p>Thread safety: {@link #refresh} on the scrape thread only; the counters are read there too.
 */
final class TrafficMeters {

    /** The most group-and-topic pairs exported with their own series (messages and bytes out). */
    static final int GROUP_SERIES_MAX = 10_000;

    private final MeterRegistry registry;
    private final Tags node;
    private final BrokerStats stats;
    private final TransactionCounters transactions;
    private final Set<String> topicsIn = new HashSet<>();
    private final Set<String> groupTopicsOut = new HashSet<>();
    private final Set<String> committed = new HashSet<>();
    private final Set<String> rolledBack = new HashSet<>();
    private final int groupSeriesMax;
    /** Group-and-topic pairs left out at the last refresh for lack of room. */
    private int dropped;

    /** @param groupSeriesMax how many group-and-topic pairs get series ({@link #GROUP_SERIES_MAX} in a broker) */
    TrafficMeters(MeterRegistry registry, Tags node, BrokerStats stats, TransactionCounters transactions,
                  int groupSeriesMax) {
        this.registry = registry;
        this.node = node;
        this.stats = stats;
        this.transactions = transactions;
        this.groupSeriesMax = groupSeriesMax;
    }

    /** Registers the counters of topics and groups that appeared since the last call. */
    void refresh() {
        dropped = 0;
        stats.forEachTopicPut((topic, messages, bytes) -> {
            if (topicsIn.add(topic)) {
                Tags tags = node.and(Labels.TOPIC, topic).and(Labels.IS_SYSTEM, Labels.isSystem(topic));
                counter("rocketmq_messages_in", "Messages stored by producers' sends", tags, messages, StatsItem::total);
                counter("rocketmq_throughput_in", "Bytes stored by producers' sends", tags, bytes, StatsItem::total);
            }
        });
        stats.forEachGroupGet((group, topic, messages, bytes) -> {
            String key = group + '\n' + topic;
            if (groupTopicsOut.contains(key)) {
                return;
            }
            if (groupTopicsOut.size() >= groupSeriesMax) {
                dropped++;
                return;
            }
            groupTopicsOut.add(key);
            Tags tags = node.and(Labels.TOPIC, topic).and(Labels.CONSUMER_GROUP, group)
                    .and(Labels.IS_RETRY, Labels.isRetry(topic)).and(Labels.IS_SYSTEM, Labels.isSystem(topic));
            counter("rocketmq_messages_out", "Messages pulled by consumers", tags, messages, StatsItem::total);
            counter("rocketmq_throughput_out", "Bytes pulled by consumers", tags, bytes, StatsItem::total);
        });
        transactions.forEachCommitted((topic, count) -> {
            if (committed.add(topic)) {
                counter("rocketmq_commit_messages", "Transaction messages committed", node.and(Labels.TOPIC, topic),
                        count, LongAdder::sum);
            }
        });
        transactions.forEachRolledBack((topic, count) -> {
            if (rolledBack.add(topic)) {
                counter("rocketmq_rollback_messages", "Transaction messages rolled back",
                        node.and(Labels.TOPIC, topic), count, LongAdder::sum);
            }
        });
    }

    /** Group-and-topic pairs without series of their own at the last refresh. */
    int dropped() {
        return dropped;
    }

    private <T> void counter(String name, String help, Tags tags, T source, ToDoubleFunction<T> value) {
        // Held weakly by the counter; the statistics keep every source for the broker's lifetime.
        FunctionCounter.builder(name, source, value).description(help).tags(tags).register(registry);
    }
}
