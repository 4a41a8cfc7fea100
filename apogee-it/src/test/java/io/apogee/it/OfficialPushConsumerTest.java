package io.apogee.it;

import io.apogee.broker.Broker;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
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

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The official producer and push consumers, unchanged, against an Apogee name server and broker. */
class OfficialPushConsumerTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private Broker broker;
    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        broker = cluster.broker();
        producer = producer(namesrvAddr(), "push_test_producer", "push-test-producer");
        producer.setDefaultTopicQueueNums(8);
        producer.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producer.shutdown();
        cluster.close();
    }

    private String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    private void startConsumer(String group, String topic, String expression, Map<String, Integer> received)
            throws Exception {
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(namesrvAddr(), group,
                uniqueInstanceName(group + "-" + consumers.size()));
        consumer.subscribe(topic, expression);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                received.merge(body(message), 1, Integer::sum);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
    }

    @Test
    void twoConsumersOfOneGroupReceiveEveryMessageExactlyOnce() throws Exception {
        String topic = "PushTopic";
        int count = 2_000;
        assertThat(producer.send(new Message(topic, "seed".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
        for (int i = 0; i < count; i++) {
            producer.send(new Message(topic, ("m-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, Integer> received = new ConcurrentHashMap<>();
        startConsumer("push_group", topic, "*", received);
        startConsumer("push_group", topic, "*", received);

        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == count + 1);
        assertThat(received.values()).as("no message twice").allMatch(times -> times == 1);
        assertThat(broker.clients().consumerIds("push_group")).hasSize(2);
    }

    @Test
    void aWaitingConsumerGetsNewMessagesAndOnlyItsTags() throws Exception {
        String topic = "TagTopic";
        producer.send(new Message(topic, "TagC", "seed".getBytes(StandardCharsets.UTF_8)));
        cluster.awaitRoute(topic);
        Map<String, Integer> received = new ConcurrentHashMap<>();
        startConsumer("tag_group", topic, "TagA || TagB", received);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.clients().consumerIds("tag_group").size() == 1);

        AtomicInteger sent = new AtomicInteger();
        for (String tag : new String[] {"TagA", "TagB", "TagC", "TagD"}) {
            for (int i = 0; i < 5; i++) {
                producer.send(new Message(topic, tag, (tag + "-" + i).getBytes(StandardCharsets.UTF_8)));
                sent.incrementAndGet();
            }
        }

        await().atMost(Duration.ofSeconds(12)).until(() -> received.size() == 10);
        assertThat(received.keySet()).allMatch(body -> body.startsWith("TagA-") || body.startsWith("TagB-"));
    }
}
