package io.apogee.broker.metrics;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.pull.PullFeature;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.SubscriptionGroupTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.broker.transaction.PendingHalfMessages;
import io.apogee.broker.transaction.TransactionCounters;
import io.apogee.metrics.BucketHistogram;
import io.apogee.metrics.MetricsEndpoint;
import io.apogee.metrics.RemotingMeters;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStore;
import io.apogee.store.flush.CommitLogFlusher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The broker's metrics on a {@link MetricsEndpoint}, named and labelled as RocketMQ 5's broker names them
 * ({@code rocketmq_*}, labels {@code cluster}, {@code node_type}, {@code node_id}, {@code topic},
 * {@code consumer_group}, ...) so that dashboards built for it work, plus Apogee's own ({@code apogee_*}).
 *
 * <p>Nothing here runs on the request path: request threads bump the adders the broker keeps anyway (its
 * statistics, the endpoint's error counters, the flusher's counts), and every meter reads them when Prometheus
 * scrapes. The one exception is {@code rocketmq_message_size}, recorded per send into adders
 * ({@link BucketHistogram}: lock- and allocation-free).
 *
 * <p>Thread safety: built by the broker's starting thread; {@link #refresh} runs on the endpoint's scrape thread.
 */
public final class BrokerMetrics {

    /** The bounds of RocketMQ's message-size histogram, in bytes. */
    private static final double[] MESSAGE_SIZE_BUCKETS = {1024, 4096, 512 * 1024, 1024 * 1024, 2 * 1024 * 1024,
            4 * 1024 * 1024};

    private final PrometheusMeterRegistry registry;
    private final Tags node;
    private final TrafficMeters traffic;
    private final BacklogMeters backlog;

    /** What the broker's metrics read: the parts the broker has built by the time it serves. */
    public record Parts(String clusterName, String brokerName, BrokerStats stats, TopicTable topics,
                        SubscriptionGroupTable groups, ClientRegistry<?> clients, ConsumerOffsetTable offsets,
                        MessageStore store, Path storeRoot, PendingHalfMessages halfMessages,
                        TransactionCounters transactions, RemotingServer server, ThreadPoolExecutor sendExecutor,
                        PullFeature pull) {
    }

    /** Registers every broker meter on {@code endpoint} and refreshes the per-topic ones before each scrape. */
    public static BrokerMetrics bind(MetricsEndpoint endpoint, Parts parts) {
        BrokerMetrics metrics = new BrokerMetrics(endpoint, parts);
        endpoint.beforeScrape(metrics::refresh);
        return metrics;
    }

    private BrokerMetrics(MetricsEndpoint endpoint, Parts parts) {
        this.registry = endpoint.registry();
        this.node = RemotingMeters.node(parts.clusterName(), "broker", parts.brokerName());
        traffic = new TrafficMeters(registry, node, parts.stats(), parts.transactions(),
                TrafficMeters.GROUP_SERIES_MAX);
        backlog = new BacklogMeters(registry, node, parts.offsets(), parts.topics(), parts.store(), parts.stats(),
                System::currentTimeMillis);
        BucketHistogram sizes = new BucketHistogram(MESSAGE_SIZE_BUCKETS);
        registry.getPrometheusRegistry().register(sizes.collector("rocketmq_message_size",
                "Sizes of stored messages in bytes (a batch counts each message at its mean size)",
                Labels.CLUSTER, parts.clusterName(), Labels.NODE_TYPE, "broker", Labels.NODE_ID, parts.brokerName()));
        parts.stats().messageSizes(sizes);
        bindTables(parts);
        bindStore(parts);
        bindServer(parts);
        RemotingMeters.bind(endpoint, node, parts.server());
        gauge("apogee_metrics_series_dropped", "Topic-and-group pairs left out of per-pair metrics at the last scrape",
                node, this, m -> m.traffic.dropped() + m.backlog.dropped());
    }

    private void bindTables(Parts parts) {
        gauge("rocketmq_topic_number", "Topics on this broker", node, parts.topics(), TopicTable::size);
        gauge("rocketmq_consumer_group_number", "Subscription groups on this broker", node, parts.groups(),
                SubscriptionGroupTable::size);
        gauge("rocketmq_producer_connections", "Producer connections, per group they heartbeat", node,
                parts.clients(), ClientRegistry::producerConnectionCount);
        gauge("rocketmq_consumer_connections", "Consumer connections, per group they heartbeat", node,
                parts.clients(), ClientRegistry::consumerConnectionCount);
        gauge("rocketmq_half_messages", "Transaction half messages not decided yet", node, parts.halfMessages(),
                PendingHalfMessages::size);
    }

    private void bindStore(Parts parts) {
        Tags storage = node.and(Labels.STORAGE_TYPE, "local").and(Labels.STORAGE_MEDIUM, "disk");
        gauge("rocketmq_storage_size", "Bytes of files under the store's root", storage, parts.storeRoot(),
                BrokerMetrics::bytesUnder);
        if (parts.store() instanceof MappedMessageStore mapped) {
            gauge("rocketmq_storage_flush_behind_bytes", "Commit-log bytes written but not forced to disk", storage,
                    mapped, MappedMessageStore::unforcedBytes);
            gauge("rocketmq_storage_dispatch_behind_bytes", "Commit-log bytes not yet in consume queues", storage,
                    mapped, MappedMessageStore::dispatchBehindBytes);
            CommitLogFlusher flusher = mapped.flusher();
            FunctionTimer.builder("apogee_flush", flusher, CommitLogFlusher::forces, CommitLogFlusher::forceNanos,
                    TimeUnit.NANOSECONDS).description("Commit-log forces and the time they took").tags(node)
                    .register(registry);
            counter("apogee_group_commit_sends", "SYNC_FLUSH sends answered by a force; divided by apogee_flush_seconds_count,"
                    + " the mean group-commit size", node, flusher, CommitLogFlusher::waitersAnswered);
            gauge("apogee_sync_flush_waiting", "SYNC_FLUSH sends waiting for a force now", node, mapped,
                    MappedMessageStore::syncFlushWaiting);
        }
    }

    private void bindServer(Parts parts) {
        gauge("rocketmq_processor_watermark", "Requests queued for a processor", node.and(Labels.PROCESSOR, "send"),
                parts.sendExecutor(), e -> e.getQueue().size());
        gauge("rocketmq_processor_watermark", "Requests queued for a processor", node.and(Labels.PROCESSOR, "pull"),
                parts.pull().executor(), e -> e.getQueue().size());
        gauge("apogee_long_polling_held", "Pulls parked until a message arrives", node, parts.pull(),
                PullFeature::heldPulls);
    }

    /** Registers counters of topics and groups seen since the last scrape and recomputes lag; scrape thread. */
    void refresh() {
        traffic.refresh();
        backlog.refresh();
    }

    private <T> void gauge(String name, String help, Tags tags, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(help).tags(tags).strongReference(true).register(registry);
    }

    private <T> void counter(String name, String help, Tags tags, T source, ToLongFunction<T> value) {
        // A function counter holds its source weakly: every source here lives as long as the broker.
        FunctionCounter.builder(name, source, s -> value.applyAsLong(s)).description(help).tags(tags)
                .register(registry);
    }

    private static double bytesUnder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(BrokerMetrics::sizeOf).sum();
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
