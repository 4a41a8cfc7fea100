package io.apogee.it;

import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStore;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.store.OffsetStore;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a new group with CONSUME_FROM_LAST_OFFSET starts, as RocketMQ 5.3.3's QUERY_CONSUMER_OFFSET decides
 * it: at 0 while the queue still holds its first message and that message is in the page cache (it reads a
 * young queue whole), at the end once the queue's first message is gone (it does not re-read an old backlog).
 */
class OfficialNewGroupStartTest {

    private static final int QUEUES = 4;

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

    /** A new group's consumer and what it receives, once it has chosen where each queue of the topic starts. */
    private Set<String> startNewGroup(String topic, String group) throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        consumer = new DefaultMQPushConsumer(group);
        OfficialClients.quickHeartbeats(consumer);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName(group));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        closer.add(startConsuming(consumer, topic, m -> received.add(body(m))), DefaultMQPushConsumer::shutdown);
        // The client computes a queue's start (asking the broker) before it adds the queue to this table.
        await().atMost(Duration.ofSeconds(60)).until(() -> ownQueues(topic).size() == QUEUES);
        return received;
    }

    private List<MessageQueue> ownQueues(String topic) {
        return consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(queue -> queue.getTopic().equals(topic)).toList();
    }

    /** Until the consumer's offset of every queue of {@code topic} is that queue's end: it has seen everything. */
    private void awaitConsumedToTheEnd(String topic) {
        MessageStore store = cluster.broker().store();
        OffsetStore offsets = consumer.getDefaultMQPushConsumerImpl().getOffsetStore();
        await().atMost(Duration.ofSeconds(30)).until(() -> ownQueues(topic).stream().allMatch(queue ->
                offsets.readOffset(queue, ReadOffsetType.READ_FROM_MEMORY)
                        == store.maxOffsetInQueue(topic, queue.getQueueId())));
    }

    private void startProducer() throws Exception {
        producer = closer.add(startedProducer(cluster.namesrvAddr(), "start_producer", "start"),
                DefaultMQProducer::shutdown);
    }

    @Test
    void aNewGroupReadsAYoungQueueFromItsFirstMessage() throws Exception {
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        startProducer();
        for (int i = 0; i < 10; i++) {
            producer.send(message("YoungTopic", "old-" + i));
        }
        cluster.awaitRoute("YoungTopic");
        Set<String> received = startNewGroup("YoungTopic", "young_group");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 10);
        assertThat(received).contains("old-0", "old-9");
    }

    @Test
    void aNewGroupDoesNotReReadABacklogWhoseFirstMessageIsGone() throws Exception {
        String everyHour = IntStream.range(0, 24).mapToObj(h -> String.format("%02d", h))
                .collect(Collectors.joining(";"));
        cluster = closer.add(new LocalCluster(dir, config -> config.store(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(1024 * 1024),
                MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(64 * 1024),
                MessageStoreConfig.FILE_RESERVED_TIME, "0",
                MessageStoreConfig.DELETE_WHEN, everyHour,
                // Retention runs when the test says.
                MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, Integer.toString(Integer.MAX_VALUE))))),
                LocalCluster::close);
        startProducer();
        // About 2.4 MiB over the four queues: the first commit-log files fill and retention may delete them.
        String body = "o".repeat(4 * 1024);
        for (int batch = 0; batch < 60; batch++) {
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                messages.add(new Message("OldTopic", body.getBytes(StandardCharsets.UTF_8)));
            }
            // Each batch goes to one queue, so every queue gets batches in every file.
            producer.send(messages, new MessageQueue("OldTopic", "broker-a", batch % QUEUES));
        }
        cluster.awaitRoute("OldTopic");
        MappedMessageStore store = (MappedMessageStore) cluster.broker().store();
        store.runRetention(System.currentTimeMillis());
        for (int queue = 0; queue < QUEUES; queue++) {
            assertThat(store.minOffsetInQueue("OldTopic", queue)).as("queue %d lost its first messages", queue)
                    .isPositive();
        }

        Set<String> received = startNewGroup("OldTopic", "old_group");
        // One new message per queue, so the consumer's offset of every queue moves to its end.
        for (int queue = 0; queue < QUEUES; queue++) {
            producer.send(message("OldTopic", "new-" + queue), new MessageQueue("OldTopic", "broker-a", queue));
        }
        awaitConsumedToTheEnd("OldTopic");
        assertThat(received).containsExactlyInAnyOrder("new-0", "new-1", "new-2", "new-3");
    }
}
