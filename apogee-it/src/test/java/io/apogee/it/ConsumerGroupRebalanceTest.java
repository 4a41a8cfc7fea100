package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
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
        admin = startedAdmin(cluster.namesrvAddr(), "rebalance-admin");
        admin.createAndUpdateTopicConfig(cluster.broker().brokerAddr(), new TopicConfig(TOPIC, QUEUES, QUEUES, 6));
        producer = startedProducer(cluster.namesrvAddr(), "rebalance_producer", "rebalance-producer");
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
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), GROUP,
                uniqueInstanceName("rebalance-" + consumers.size()));
        consumer.setPersistConsumerOffsetInterval(500);
        consumers.add(startConsuming(consumer, TOPIC, message -> {
            deliveries.computeIfAbsent(body(message), body -> new AtomicInteger()).incrementAndGet();
            mine.incrementAndGet();
        }));
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
                batch.add(message(TOPIC, "m-" + i));
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
