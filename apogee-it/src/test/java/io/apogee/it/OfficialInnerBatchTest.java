package io.apogee.it;

import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.GetMessageResult;
import io.apogee.store.recovery.Checkpoint;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches sent by the official 5.3.3 producer to a topic with {@code queue.type=BatchCQ}: stored whole, one
 * record per batch that takes one queue offset per message (RocketMQ 5's inner batch), and consumed by the
 * official consumer message by message, after a restart that rebuilds the queues too.
 */
class OfficialInnerBatchTest {

    private static final String LEVELS = "100ms 200ms 500ms 1s 1500ms 2s 3s 4s 5s 6s 7s 8s 9s 10s 20s 30s 1m 2m";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        if (admin != null) {
            admin.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String start() throws Exception {
        cluster = new LocalCluster(dir, c -> c.messageDelayLevel(LEVELS));
        producer = startedProducer(cluster.namesrvAddr(), "inner_batch_producer", "inner-batch-producer");
        admin = startedAdmin(cluster.namesrvAddr(), "inner-batch-admin");
        String topic = "BatchCqTopic";
        TopicConfig config = new TopicConfig(topic, 1, 1, 6);
        config.setAttributes(Map.of("+" + InnerBatch.QUEUE_TYPE_ATTRIBUTE, InnerBatch.BATCH_QUEUE_TYPE));
        admin.createAndUpdateTopicConfig(cluster.broker().brokerAddr(), config);
        cluster.awaitRoute(topic);
        return topic;
    }

    private static List<Message> batch(String topic, String prefix, int size) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            messages.add(new Message(topic, i % 2 == 0 ? "even" : "odd", prefix + "-key-" + i,
                    (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return messages;
    }

    @Test
    void aBatchIsStoredAsOneRecordAndConsumedMessageByMessageAlsoAfterTheQueuesAreRebuilt() throws Exception {
        String topic = start();
        SendResult first = producer.send(batch(topic, "a", 10));
        SendResult second = producer.send(batch(topic, "b", 10));
        SendResult single = producer.send(new Message(topic, "even", "single".getBytes(StandardCharsets.UTF_8)));
        assertThat(List.of(first.getQueueOffset(), second.getQueueOffset(), single.getQueueOffset()))
                .containsExactly(0L, 10L, 20L);
        assertThat(first.getMsgId()).doesNotContain(",");
        cluster.awaitDispatched();

        assertStoredWhole(topic);
        assertConsumedOncePerOffset(topic, "all_" + System.nanoTime(), 21);

        Map<String, Integer> odd = new ConcurrentHashMap<>();
        DefaultMQPushConsumer tagged = consumer("odd_" + System.nanoTime());
        tagged.subscribe(topic, "odd");
        tagged.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> odd.merge(body(m), 1, Integer::sum));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        tagged.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(odd).hasSize(10));
        assertThat(odd.keySet()).allMatch(b -> Integer.parseInt(b.substring(2)) % 2 == 1);

        // Without queues and checkpoint the restart rebuilds every queue from the commit log's records.
        cluster.restartBroker(() -> {
            deleteTree(dir.resolve("store").resolve("consumequeue"));
            deleteTree(dir.resolve("store").resolve(Checkpoint.FILE_NAME));
        });
        cluster.awaitDispatched();
        assertStoredWhole(topic);
        assertConsumedOncePerOffset(topic, "after_restart_" + System.nanoTime(), 21);
    }

    @Test
    void aFailedMessageOfABatchComesBackAloneThroughTheRetryTopic() throws Exception {
        String topic = start();
        String group = "retry_inner_" + System.nanoTime();
        SubscriptionGroupConfig groupConfig = new SubscriptionGroupConfig();
        groupConfig.setGroupName(group);
        admin.createAndUpdateSubscriptionGroupConfig(cluster.broker().brokerAddr(), groupConfig);
        await().atMost(WAIT).ignoreExceptions().until(() ->
                !admin.examineTopicRouteInfo("%RETRY%" + group).getQueueDatas().isEmpty());
        producer.send(batch(topic, "r", 6));

        List<MessageExt> deliveries = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = consumer(group);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            context.setDelayLevelWhenNextConsume(1);
            boolean fail = false;
            for (MessageExt m : messages) {
                deliveries.add(m);
                fail |= body(m).equals("r-3") && m.getReconsumeTimes() == 0;
            }
            return fail ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.setConsumeMessageBatchMaxSize(1);
        consumer.start();

        await().atMost(WAIT).until(() -> deliveries.stream().anyMatch(m -> m.getReconsumeTimes() == 1));
        MessageExt retried = deliveries.stream().filter(m -> m.getReconsumeTimes() == 1).findFirst().orElseThrow();
        assertThat(body(retried)).isEqualTo("r-3");
        assertThat(retried.getKeys()).isEqualTo("r-key-3");
        assertThat(retried.getTags()).isEqualTo("odd");
        Thread.sleep(1_000); // a whole batch sent back would show its other messages by now
        assertThat(deliveries.stream().filter(m -> m.getReconsumeTimes() > 0)).hasSize(1);
        assertThat(deliveries.stream().map(OfficialClients::body).distinct()).hasSize(6);
    }

    /** The queue's entries name one record per batch: a read from the middle of a batch returns it whole. */
    private void assertStoredWhole(String topic) {
        GetMessageResult all = cluster.broker().store().getMessage(topic, 0, 0, 64, 1 << 20, null);
        try {
            assertThat(all.messages()).hasSize(3);
            assertThat(all.nextBeginOffset()).isEqualTo(21);
            StoredMessage record = StoredMessageCodec.decode(all.messages().get(0).duplicate());
            assertThat(InnerBatch.isInnerBatch(record.sysFlag())).isTrue();
            assertThat(record.property(MessageConst.PROPERTY_INNER_NUM)).isEqualTo("10");
        } finally {
            all.release();
        }
        GetMessageResult middle = cluster.broker().store().getMessage(topic, 0, 14, 1, 1 << 20, null);
        try {
            assertThat(middle.messages()).hasSize(1);
            assertThat(StoredMessageCodec.decode(middle.messages().get(0).duplicate()).queueOffset()).isEqualTo(10);
            assertThat(middle.nextBeginOffset()).isEqualTo(20);
        } finally {
            middle.release();
        }
    }

    private void assertConsumedOncePerOffset(String topic, String group, int count) throws Exception {
        Map<Long, List<String>> byOffset = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = consumer(group);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> byOffset.computeIfAbsent(m.getQueueOffset(), o -> new CopyOnWriteArrayList<>())
                    .add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(byOffset).hasSize(count));
        assertThat(byOffset.keySet().stream().sorted(Comparator.naturalOrder()))
                .containsExactlyElementsOf(Stream.iterate(0L, o -> o + 1).limit(count).toList());
        assertThat(byOffset.values()).allMatch(bodies -> bodies.size() == 1);
        assertThat(byOffset.get(0L)).containsExactly("a-0");
        assertThat(byOffset.get(13L)).containsExactly("b-3");
        assertThat(byOffset.get(20L)).containsExactly("single");
    }

    private DefaultMQPushConsumer consumer(String group) {
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), group,
                uniqueInstanceName(group));
        consumers.add(consumer);
        return consumer;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
