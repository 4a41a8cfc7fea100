package io.apogee.it;

import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a new group with CONSUME_FROM_LAST_OFFSET starts, as RocketMQ 5.3.3 decides it: at 0 while the
 * queue still holds its first message in memory (it reads a young queue whole), at the end when that
 * message is no longer in memory (it does not re-read an old backlog).
 */
class OfficialNewGroupStartTest {

    @TempDir
    Path dir;
    private final Closer closer = new Closer();
    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;

    @AfterEach
    void stop() {
        closer.close();
    }

    private Set<String> startNewGroup(String topic, String group) throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName(group));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        closer.add(startConsuming(consumer, topic, m -> received.add(body(m))), DefaultMQPushConsumer::shutdown);
        return received;
    }

    private void sendOld(String topic) throws Exception {
        producer = closer.add(startedProducer(cluster.namesrvAddr(), "start_producer", "start"),
                DefaultMQProducer::shutdown);
        for (int i = 0; i < 10; i++) {
            producer.send(message(topic, "old-" + i));
        }
        cluster.awaitRoute(topic);
    }

    @Test
    void aNewGroupReadsAYoungQueueFromItsFirstMessage() throws Exception {
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        sendOld("YoungTopic");
        Set<String> received = startNewGroup("YoungTopic", "young_group");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 10);
        assertThat(received).contains("old-0", "old-9");
    }

    @Test
    void aNewGroupDoesNotReReadABacklogThatIsNoLongerInMemory() throws Exception {
        // Nothing counts as in memory: every queue's first message is as if far behind the log's end.
        cluster = new LocalCluster(dir, config -> config.store(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024),
                MessageStoreConfig.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "0"))));
        closer.add(cluster, LocalCluster::close);
        sendOld("OldTopic");
        Set<String> received = startNewGroup("OldTopic", "old_group");
        // Its four queues of OldTopic (the table also gets the group's retry queue once that route arrives).
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.getDefaultMQPushConsumerImpl()
                .getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(queue -> queue.getTopic().equals("OldTopic")).count() == 4);
        // The consumer starts each queue at its end; wait for its first pulls before sending.
        Thread.sleep(1_000);
        for (int i = 0; i < 3; i++) {
            producer.send(message("OldTopic", "new-" + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 3);
        Thread.sleep(500);
        assertThat(received).containsExactlyInAnyOrder("new-0", "new-1", "new-2");
    }
}
