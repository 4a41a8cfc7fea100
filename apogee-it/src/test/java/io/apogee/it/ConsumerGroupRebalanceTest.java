package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer-group scenario with the official push consumer: two members of one group
 * share 20,000 messages over 8 queues so that each arrives exactly once, their offsets reach the
 * broker, and a third member joining later takes queues over without losing a message.
 */
class ConsumerGroupRebalanceTest {

    private static final String TOPIC = "RebalanceTopic";
    private static final String GROUP = "rebalance_group";
    private static final int QUEUES = 8;
    private static final int FIRST_WAVE = 20_000;
    private static final int SECOND_WAVE = 4_000;
    private static final int BATCH = 50;

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final List<AtomicInteger> perConsumer = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("rebalance-admin-" + System.nanoTime());
        admin.start();
        admin.createAndUpdateTopicConfig(cluster.broker().brokerAddr(), new TopicConfig(TOPIC, QUEUES, QUEUES, 6));
        producer = new DefaultMQProducer("rebalance_producer");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("rebalance-producer-" + System.nanoTime());
        producer.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producer.shutdown();
        admin.shutdown();
        cluster.close();
    }

    @Test
    void twoMembersShareTheQueuesExactlyOnceAndAThirdTakesOverWithoutLoss() throws Exception {
        startConsumer();
        startConsumer();
        awaitBalanced(2);

        sendWave(0, FIRST_WAVE);
        await().atMost(Duration.ofSeconds(90)).until(() -> deliveries.size() == FIRST_WAVE);
        assertThat(deliveries.values()).as("each message once across the two members")
                .allMatch(times -> times.get() == 1);
        assertThat(perConsumer).allMatch(count -> count.get() > 0);
        awaitCommittedOffsets(FIRST_WAVE);

        startConsumer();
        awaitBalanced(3);
        sendWave(FIRST_WAVE, SECOND_WAVE);
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() == FIRST_WAVE + SECOND_WAVE);
        assertThat(perConsumer.get(2).get()).as("the newcomer consumes the queues it took over").isPositive();
        awaitCommittedOffsets(FIRST_WAVE + SECOND_WAVE);
    }

    private void startConsumer() throws Exception {
        AtomicInteger mine = new AtomicInteger();
        perConsumer.add(mine);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(GROUP);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("rebalance-" + consumers.size() + "-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                deliveries.computeIfAbsent(new String(message.getBody(), StandardCharsets.UTF_8),
                        body -> new AtomicInteger()).incrementAndGet();
                mine.incrementAndGet();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
    }

    /** Waits until every member holds its share of the queues and all queues are held once. */
    private void awaitBalanced(int members) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            int held = 0;
            for (DefaultMQPushConsumer consumer : consumers) {
                // The group's retry topic has its own queue; count only the topic's.
                int mine = (int) consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable()
                        .keySet().stream().filter(queue -> queue.getTopic().equals(TOPIC)).count();
                if (mine < QUEUES / members) {
                    return false;
                }
                held += mine;
            }
            return held == QUEUES && cluster.broker().clients().consumerIds(GROUP).size() == members;
        });
    }

    private void sendWave(int first, int count) throws Exception {
        List<MessageQueue> queues = new ArrayList<>(producer.fetchPublishMessageQueues(TOPIC));
        assertThat(queues).hasSize(QUEUES);
        for (int start = first; start < first + count; start += BATCH) {
            List<Message> batch = new ArrayList<>(BATCH);
            for (int i = start; i < start + BATCH; i++) {
                batch.add(new Message(TOPIC, ("m-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            MessageQueue queue = queues.get((start / BATCH) % QUEUES);
            assertThat(producer.send(batch, queue).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    /** The offsets the members commit reach the broker: together they cover every message. */
    private void awaitCommittedOffsets(long total) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            long committed = 0;
            for (Map.Entry<MessageQueue, OffsetWrapper> entry
                    : admin.examineConsumeStats(GROUP).getOffsetTable().entrySet()) {
                if (entry.getKey().getTopic().equals(TOPIC)) {
                    committed += entry.getValue().getConsumerOffset();
                }
            }
            return committed == total;
        });
    }
}
