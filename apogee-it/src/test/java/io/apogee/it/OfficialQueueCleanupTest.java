package io.apogee.it;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code mqadmin deleteTopic}, {@code cleanUnusedTopic} and {@code cleanExpiredCQ} against Apogee, checked by
 * what they leave in the store folder and what the official clients see afterwards.
 */
class OfficialQueueCleanupTest {

    private static final String CLUSTER = "DefaultCluster";
    private static final byte[] BODY = "b".repeat(1024).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private final Closer closer = new Closer();
    private LocalCluster cluster;
    private DefaultMQAdminExt admin;
    private DefaultMQProducer producer;
    private MqAdmin mqadmin;

    @AfterEach
    void stop() {
        closer.close();
    }

    private void start(Map<String, String> storeKeys) throws Exception {
        Map<String, String> store = new HashMap<>(storeKeys);
        store.put(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString());
        store.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(64 * 1024));
        store.put(MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(16 * 1024));
        cluster = closer.add(new LocalCluster(dir, c -> c.store(MessageStoreConfig.from(store))), LocalCluster::close);
        admin = closer.add(startedAdmin(cluster.namesrvAddr(), "cleanup_admin", uniqueInstanceName("cleanup-admin")),
                DefaultMQAdminExt::shutdown);
        producer = closer.add(startedProducer(cluster.namesrvAddr(), "cleanup_producer",
                uniqueInstanceName("cleanup-producer")), DefaultMQProducer::shutdown);
        mqadmin = new MqAdmin(cluster.namesrvAddr());
    }

    @Test
    void deleteTopicDeletesItsQueuesAndTheOffsetsCommittedInIt() throws Exception {
        start(Map.of());
        createTopic("Doomed");
        sendTo("Doomed", 10);
        consumeAll("Doomed", "doomed_group", 10, true);
        assertThat(queueFolder("Doomed")).isDirectory();

        assertThat(mqadmin.run("deleteTopic -t Doomed -c " + CLUSTER))
                .contains("delete topic [Doomed] from cluster [" + CLUSTER + "] success");

        assertThat(queueFolder("Doomed")).doesNotExist();
        // The group committed offsets only in the deleted topic, so it has none left.
        assertThatThrownBy(() -> admin.examineConsumeStats("doomed_group"))
                .hasMessageContaining("offset table is empty");
    }

    @Test
    void cleanUnusedTopicDeletesQueuesOfTopicsTheBrokerNoLongerHas() throws Exception {
        start(Map.of());
        createTopic("Forgotten");
        createTopic("Kept");
        sendTo("Forgotten", 10);
        sendTo("Kept", 10);
        // The operator restores a topic file from before "Forgotten" existed: its queues stay on disk.
        cluster.restartBroker(() -> removeFromTopicFile("Forgotten"));
        assertThat(queueFolder("Forgotten")).isDirectory();

        assertThat(mqadmin.run("cleanUnusedTopic -c " + CLUSTER)).contains("success");

        assertThat(queueFolder("Forgotten")).doesNotExist();
        assertThat(queueFolder("Kept")).isDirectory();
        assertThat(maxOffsets("Kept")).isEqualTo(10);
        consumeAll("Kept", "kept_group", 10, false);
    }

    @Test
    void cleanExpiredCqDeletesQueuesWhoseMessagesRetentionTookAndKeepsTheirNumbering() throws Exception {
        // Retention deletes every commit-log file but the current one, at any hour, a moment after it fills.
        start(Map.of(MessageStoreConfig.FILE_RESERVED_TIME, "0",
                MessageStoreConfig.DELETE_WHEN, String.join(";", Stream.iterate(0, h -> h + 1).limit(24)
                        .map(h -> String.format("%02d", h)).toList()),
                MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "100"));
        createTopic("Old", 1);
        createTopic("New", 1);
        sendTo("Old", 5);
        sendTo("New", 200);
        // Retention took the file holding them: the queue's readable range is empty.
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.broker().store().minOffsetInQueue("Old", 0) == 5);
        assertThat(queueFiles("Old")).isNotEmpty();

        assertThat(mqadmin.run("cleanExpiredCQ -c " + CLUSTER)).contains("success");

        assertThat(queueFiles("Old")).isEmpty();
        assertThat(queueFiles("New")).isNotEmpty();
        TopicStatsTable stats = admin.examineTopicStats("Old");
        assertThat(stats.getOffsetTable().values()).singleElement()
                .satisfies(offset -> assertThat(offset.getMinOffset()).isEqualTo(5))
                .satisfies(offset -> assertThat(offset.getMaxOffset()).isEqualTo(5));
        SendResult next = producer.send(new Message("Old", BODY));
        assertThat(next.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(next.getQueueOffset()).isEqualTo(5);
        consumeAll("Old", "old_group", 1, false);
    }

    private void createTopic(String topic) throws Exception {
        createTopic(topic, 4);
    }

    private void createTopic(String topic, int queues) throws Exception {
        admin.createAndUpdateTopicConfig(cluster.broker().brokerAddr(), new TopicConfig(topic, queues, queues, 6));
        cluster.awaitRoute(topic);
    }

    private void sendTo(String topic, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(producer.send(new Message(topic, BODY)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    /** Consumes {@code count} messages of {@code topic}; with {@code awaitCommit}, until the group committed them. */
    private void consumeAll(String topic, String group, int count, boolean awaitCommit) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), group,
                uniqueInstanceName(group));
        startConsuming(consumer, topic, m -> ids.add(m.getMsgId()));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= count);
            if (awaitCommit) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> admin.examineConsumeStats(group).computeTotalDiff() == 0);
            }
        } finally {
            consumer.shutdown();
        }
        assertThat(ids).hasSize(count);
    }

    private long maxOffsets(String topic) throws Exception {
        return admin.examineTopicStats(topic).getOffsetTable().values().stream()
                .mapToLong(offset -> offset.getMaxOffset()).sum();
    }

    private void removeFromTopicFile(String topic) {
        Path file = dir.resolve("store").resolve("config").resolve("topics.json");
        try {
            JSONObject json = JSON.parseObject(Files.readString(file));
            json.getJSONObject("topicConfigTable").remove(topic);
            Files.writeString(file, json.toJSONString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path queueFolder(String topic) {
        return dir.resolve("store").resolve("consumequeue").resolve(topic);
    }

    private List<Path> queueFiles(String topic) throws IOException {
        try (Stream<Path> files = Files.walk(queueFolder(topic))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
