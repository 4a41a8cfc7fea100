package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A group rewound by time with the official admin tool, and broadcasting consumers. */
class OfficialResetAndBroadcastTest {

    /**
     * How long a consumer that just started may take to receive what was sent before. Twice the official client's
     * 20 s periodic rebalance: twice in CI runs a first delivery took over 30 s while the other test JVM was
     * busy (cause not found yet; see the issue notes).
     */
    private static final Duration FIRST_DELIVERY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeAll
    static void keepBroadcastOffsetsInTheBuildDirectory() {
        // Broadcasting consumers keep offsets in local files, by default under the user's home.
        System.setProperty("rocketmq.client.localOffsetStoreDir",
                Path.of("target", "broadcast-offsets").toAbsolutePath().toString());
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        producer = producer(cluster.namesrvAddr(), "reset_test_producer", "reset-producer");
        producer.setDefaultTopicQueueNums(4);
        producer.start();
        admin = startedAdmin(cluster.namesrvAddr(), "reset_test_admin", "reset-admin");
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        admin.shutdown();
        producer.shutdown();
        cluster.close();
    }

    private List<String> consume(String group, String topic, MessageModel model) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), group,
                uniqueInstanceName(group + "-" + consumers.size()));
        consumer.setMessageModel(model);
        consumers.add(startConsuming(consumer, topic, m -> bodies.add(body(m))));
        return bodies;
    }

    private Set<String> send(String topic, String prefix, int count) throws Exception {
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + i;
            assertThat(producer.send(message(topic, body)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            bodies.add(body);
        }
        return bodies;
    }

    /** Messages sent to a topic before and after a time its groups can be rewound to. */
    private record Rewind(Set<String> before, long to, Set<String> after) {
    }

    /** Sends {@code count} messages {@code before-i}, takes a {@link #boundary}, then sends {@code after-i}. */
    private Rewind sendAroundABoundary(String topic, int count) throws Exception {
        Set<String> before = send(topic, "before-", count);
        long to = boundary();
        return new Rewind(before, to, send(topic, "after-", count));
    }

    /** A time strictly after every message stored so far and before every one sent after it returns. */
    private static long boundary() {
        long after = System.currentTimeMillis();
        await().pollInterval(Duration.ofMillis(2)).until(() -> System.currentTimeMillis() > after);
        long boundary = System.currentTimeMillis();
        await().pollInterval(Duration.ofMillis(2)).until(() -> System.currentTimeMillis() > boundary);
        return boundary;
    }

    @Test
    void aGroupRewoundToATimeReceivesExactlyTheMessagesStoredAfterIt() throws Exception {
        String topic = "ResetTopic";
        Rewind sent = sendAroundABoundary(topic, 20);
        List<String> bodies = consume("reset_group", topic, MessageModel.CLUSTERING);
        await().atMost(FIRST_DELIVERY).until(() -> bodies.size() >= 40);
        assertThat(new HashSet<>(bodies)).containsAll(sent.before()).containsAll(sent.after());
        int firstRound = bodies.size();

        Map<MessageQueue, Long> offsets = admin.resetOffsetByTimestamp(topic, "reset_group", sent.to(), true);
        assertThat(offsets.values().stream().mapToLong(Long::longValue).sum())
                .as("the offsets of the first 'after' message of each queue").isEqualTo(20);

        // The official client waits 10 s after a reset before it pulls from the new offsets.
        await().atMost(Duration.ofSeconds(40)).until(() -> bodies.size() >= firstRound + 20);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<String> secondRound = bodies.subList(firstRound, bodies.size());
        assertThat(secondRound).containsExactlyInAnyOrderElementsOf(sent.after());
    }

    @Test
    void aGroupWithNoConsumerOnlineIsRewoundByTheToolItselfAndResumesThere() throws Exception {
        String topic = "OfflineResetTopic";
        Rewind sent = sendAroundABoundary(topic, 12);
        List<String> bodies = consume("offline_reset_group", topic, MessageModel.CLUSTERING);
        await().atMost(FIRST_DELIVERY).until(() -> bodies.size() >= 24);
        consumers.remove(0).shutdown(); // commits its offsets and leaves: nobody is online

        // The broker answers CONSUMER_NOT_ONLINE; the tool then commits the offsets of the time itself.
        admin.resetOffsetNew("offline_reset_group", topic, sent.to());

        List<String> again = consume("offline_reset_group", topic, MessageModel.CLUSTERING);
        await().atMost(FIRST_DELIVERY).until(() -> again.size() >= 12);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(again).containsExactlyInAnyOrderElementsOf(sent.after())
                .doesNotContainAnyElementsOf(sent.before());
    }

    @Test
    void twoBroadcastingConsumersEachReceiveEveryMessage() throws Exception {
        String topic = "BroadcastTopic";
        Set<String> sent = send(topic, "b-", 30);
        List<String> first = consume("broadcast_group", topic, MessageModel.BROADCASTING);
        List<String> second = consume("broadcast_group", topic, MessageModel.BROADCASTING);

        await().atMost(FIRST_DELIVERY).until(() -> first.size() >= 30 && second.size() >= 30);
        assertThat(first).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(second).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void aGroupThatMayNotBroadcastGetsNothingByBroadcastButItsClusteringPeersDo() throws Exception {
        String topic = "NoBroadcastTopic";
        for (String group : List.of("no_broadcast_group", "clustering_group")) {
            SubscriptionGroupConfig config = new SubscriptionGroupConfig();
            config.setGroupName(group);
            config.setConsumeBroadcastEnable(false);
            admin.createAndUpdateSubscriptionGroupConfig(cluster.broker().brokerAddr(), config);
        }
        send(topic, "n-", 10);
        List<String> broadcast = consume("no_broadcast_group", topic, MessageModel.BROADCASTING);
        List<String> clustering = consume("clustering_group", topic, MessageModel.CLUSTERING);

        await().atMost(FIRST_DELIVERY).until(() -> clustering.size() >= 10);
        assertThat(broadcast).isEmpty();
    }
}
