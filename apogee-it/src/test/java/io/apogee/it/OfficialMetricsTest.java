package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.metrics.MetricsConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus endpoints of a name server and a broker (metricsExporterType=PROM), scraped over HTTP after
 * known traffic from the official 5.3.3 client: per-topic and per-group counters equal what was sent and
 * consumed, consumer lag equals the backlog the official admin tool sees, and the answer parses as Prometheus'
 * protobuf exposition with the Prometheus client's own model. Transactions and dead letters are counted too,
 * and every metric the shipped Grafana dashboard queries is served.
 */
class OfficialMetricsTest {

    private static final String TOPIC = "MetricsTopic";
    private static final String GROUP = "metrics_group";
    private static final int BODY_BYTES = 100;
    private static final int CONSUMED = 12;
    private static final int BACKLOG = 7;
    private static final String DEAD_GROUP = "metrics_dead_group";
    private static final Pattern METRIC = Pattern.compile("\\b((?:rocketmq|apogee|jvm|process|system)_[a-z_]+)\\b");

    @TempDir
    Path dir;

    private final Closer closer = new Closer();
    private NameServer nameServer;
    private String namesrvAddr;
    private Broker broker;
    private DefaultMQAdminExt admin;

    @AfterEach
    void stopAll() {
        closer.close();
    }

    @BeforeEach
    void startServersWithMetrics() throws Exception {
        nameServer = closer.add(new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")).metrics(MetricsConfig.prometheus("127.0.0.1", 0))),
                NameServer::shutdown);
        nameServer.start();
        namesrvAddr = "127.0.0.1:" + nameServer.localAddress().getPort();
        broker = closer.add(new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .namesrvAddr(namesrvAddr).brokerClusterName("MetricsCluster").brokerName("metrics-broker")
                .metrics(MetricsConfig.prometheus("127.0.0.1", 0))
                .store(MessageStoreConfig.from(Map.of(
                        MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024))))),
                Broker::shutdown);
        broker.start();
        admin = closer.add(startedAdmin(namesrvAddr, "metrics_admin", "metrics-admin"), DefaultMQAdminExt::shutdown);
        admin.createAndUpdateTopicConfig(broker.brokerAddr(), new TopicConfig(TOPIC, 4, 4, 6));
        await().atMost(Duration.ofSeconds(10)).until(() -> nameServer.registry().route(TOPIC, null) != null);
    }

    @Test
    void scrapeShowsWhatWasSentConsumedAndLeftBehind() throws Exception {
        int brokerMetricsPort = broker.metrics().port();
        DefaultMQProducer producer = closer.add(startedProducer(namesrvAddr, "metrics_producer", "metrics-producer"),
                DefaultMQProducer::shutdown);
        send(producer, CONSUMED);
        AtomicInteger consumed = new AtomicInteger();
        DefaultMQPushConsumer consumer = startConsuming(consumerFromFirstOffset(namesrvAddr, GROUP,
                uniqueInstanceName("metrics-consumer")), TOPIC, m -> consumed.incrementAndGet());
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() == CONSUMED);
        // The consumer commits every 5 s and on shutdown; after that nothing is pulled for the group.
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.examineConsumeStats(GROUP).computeTotalDiff() == 0);
        consumer.shutdown();
        send(producer, BACKLOG);
        // Acknowledged messages reach the consume queues a moment later (dispatch is asynchronous, as in RocketMQ).
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.examineConsumeStats(GROUP).computeTotalDiff() == BACKLOG);
        long backlog = admin.examineConsumeStats(GROUP).computeTotalDiff();

        PrometheusScrape scrape = PrometheusScrape.of("127.0.0.1", brokerMetricsPort);
        String[] topic = {"topic", TOPIC, "cluster", "MetricsCluster", "node_type", "broker", "node_id", "metrics-broker"};
        assertThat(scrape.value("rocketmq_messages_in_total", topic)).isEqualTo(CONSUMED + BACKLOG);
        assertThat(scrape.value("rocketmq_throughput_in_total", topic)).isEqualTo((CONSUMED + BACKLOG) * BODY_BYTES);
        String[] group = concat(topic, "consumer_group", GROUP, "is_retry", "false");
        assertThat(scrape.value("rocketmq_messages_out_total", group)).isEqualTo(CONSUMED);
        assertThat(scrape.value("rocketmq_throughput_out_total", group)).isGreaterThan(CONSUMED * BODY_BYTES);
        assertThat(scrape.value("rocketmq_consumer_lag_messages", group)).isEqualTo(backlog);
        assertThat(scrape.value("rocketmq_consumer_lag_latency", group)).isPositive();
        assertThat(scrape.sample("rocketmq_message_size", topic[2], topic[3]).orElseThrow().getHistogram())
                .satisfies(h -> {
                    assertThat(h.getSampleCount()).isEqualTo(CONSUMED + BACKLOG);
                    assertThat(h.getSampleSum()).isEqualTo((CONSUMED + BACKLOG) * BODY_BYTES);
                });
        assertThat(scrape.sample("rocketmq_rpc_latency", "request_code", "310", "response_code", "0").orElseThrow()
                .getHistogram().getSampleCount()).as("SEND_MESSAGE_V2 answers timed").isEqualTo(CONSUMED + BACKLOG);
        assertThat(scrape.value("rocketmq_topic_number", "node_id", "metrics-broker")).isGreaterThanOrEqualTo(1);
        // Per group a connection heartbeats for: the official client adds its inner producer group.
        assertThat(scrape.value("rocketmq_producer_connections", "node_id", "metrics-broker")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("rocketmq_storage_size", "storage_type", "local")).isPositive();
        assertThat(scrape.value("rocketmq_processor_watermark", "processor", "send")).isZero();
        assertThat(scrape.families()).containsKeys("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes",
                "jvm_threads_live_threads", "process_files_open_files", "apogee_errors_total", "apogee_system_busy_total",
                "apogee_flush_seconds", "apogee_long_polling_held");

        HttpResponse<byte[]> text = PrometheusScrape.get("127.0.0.1", brokerMetricsPort, "text/plain");
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(new String(text.body(), StandardCharsets.UTF_8))
                .contains("# TYPE rocketmq_messages_in_total counter");

        // The same group pulls its backlog again without committing: all of it is in flight, still lagging.
        DefaultLitePullConsumer puller = closer.add(new DefaultLitePullConsumer(GROUP),
                DefaultLitePullConsumer::shutdown);
        puller.setNamesrvAddr(namesrvAddr);
        puller.setInstanceName(uniqueInstanceName("metrics-puller"));
        puller.setAutoCommit(false);
        puller.subscribe(TOPIC, "*");
        puller.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            puller.poll(200);
            PrometheusScrape now = PrometheusScrape.of("127.0.0.1", brokerMetricsPort);
            assertThat(now.value("rocketmq_consumer_inflight_messages", group)).isEqualTo(BACKLOG);
            assertThat(now.value("rocketmq_consumer_lag_messages", group)).isEqualTo(BACKLOG);
        });
        assertThat(scrape.value("rocketmq_consumer_inflight_messages", group)).as("before the second pull").isZero();

        PrometheusScrape namesrv = PrometheusScrape.of("127.0.0.1", nameServer.metrics().port());
        assertThat(namesrv.value("apogee_namesrv_topics", "node_type", "namesrv")).isGreaterThanOrEqualTo(1);
        assertThat(namesrv.families()).containsKey("jvm_memory_used_bytes");
    }

    @Test
    void countsCommitsRollbacksAndDeadLettersAndServesEveryMetricTheDashboardShows() throws Exception {
        TransactionMQProducer producer = closer.add(new TransactionMQProducer("metrics_tx_producer"),
                TransactionMQProducer::shutdown);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(uniqueInstanceName("metrics-tx"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object decision) {
                return (LocalTransactionState) decision;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
        for (LocalTransactionState decision : List.of(LocalTransactionState.COMMIT_MESSAGE,
                LocalTransactionState.COMMIT_MESSAGE, LocalTransactionState.ROLLBACK_MESSAGE)) {
            producer.sendMessageInTransaction(new Message(TOPIC, "tx".getBytes(StandardCharsets.UTF_8)), decision);
        }
        // A group that allows no retry: its one failed message goes straight to %DLQ%<group>.
        producer.send(new Message(TOPIC, "dead".getBytes(StandardCharsets.UTF_8)));
        SubscriptionGroupConfig deadGroup = new SubscriptionGroupConfig();
        deadGroup.setGroupName(DEAD_GROUP);
        admin.createAndUpdateSubscriptionGroupConfig(broker.brokerAddr(), deadGroup);
        DefaultMQPushConsumer consumer = closer.add(consumerFromFirstOffset(namesrvAddr, DEAD_GROUP,
                uniqueInstanceName("metrics-dead")), DefaultMQPushConsumer::shutdown);
        consumer.setMaxReconsumeTimes(0);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) ->
                ConsumeConcurrentlyStatus.RECONSUME_LATER);
        consumer.start();

        int port = broker.metrics().port();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(PrometheusScrape.of("127.0.0.1", port)
                .value("rocketmq_send_to_dlq_messages_total", "consumer_group", DEAD_GROUP)).isEqualTo(3));
        // Once the group commits (every 5 s), its lag is exported too: nothing left, all moved to its DLQ.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(PrometheusScrape.of("127.0.0.1", port)
                .sample("rocketmq_consumer_lag_messages", "consumer_group", DEAD_GROUP, "topic", TOPIC))
                .hasValueSatisfying(lag -> assertThat(lag.getGauge().getValue()).isZero()));
        // GC pauses are timed from the first collection on; the dashboard shows them.
        System.gc();
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusScrape.of("127.0.0.1", port).families()
                .containsKey("jvm_gc_pause_seconds"));
        PrometheusScrape scrape = PrometheusScrape.of("127.0.0.1", port);
        assertThat(scrape.value("rocketmq_commit_messages_total", "topic", TOPIC)).isEqualTo(2);
        assertThat(scrape.value("rocketmq_rollback_messages_total", "topic", TOPIC)).isEqualTo(1);
        assertThat(scrape.value("rocketmq_half_messages", "node_id", "metrics-broker")).isZero();

        Set<String> served = new TreeSet<>(scrape.families().keySet());
        served.addAll(PrometheusScrape.of("127.0.0.1", nameServer.metrics().port()).families().keySet());
        assertThat(dashboardMetrics()).isNotEmpty().allSatisfy(name -> assertThat(served)
                .as("the dashboard's %s is served", name).contains(name));
    }

    /** The metric families the shipped Grafana dashboard's queries name. */
    private static Set<String> dashboardMetrics() throws Exception {
        JSONObject dashboard = JSON.parseObject(Files.readString(Path.of("..", "docs", "grafana", "apogee.json")));
        Set<String> names = new TreeSet<>();
        for (Object panel : dashboard.getJSONArray("panels")) {
            JSONArray targets = ((JSONObject) panel).getJSONArray("targets");
            for (int i = 0; targets != null && i < targets.size(); i++) {
                Matcher m = METRIC.matcher(targets.getJSONObject(i).getString("expr"));
                while (m.find()) {
                    names.add(m.group(1).replaceAll("_(bucket|sum|count)$", ""));
                }
            }
        }
        return names;
    }

    private static void send(DefaultMQProducer producer, int count) throws Exception {
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'm');
        for (int i = 0; i < count; i++) {
            assertThat(producer.send(new Message(TOPIC, body)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
