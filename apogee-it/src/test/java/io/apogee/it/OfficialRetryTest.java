package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.messagesIn;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official push consumer's failed messages come back with growing delays through the retry
 * topic, and go to the dead-letter topic once they ran out of retries.
 */
class OfficialRetryTest {

    /** Short levels, so growing retry delays (levels 3, 4, 5, ...) take seconds, not minutes. */
    private static final String LEVELS = "100ms 200ms 500ms 1s 1500ms 2s 3s 4s 5s 6s 7s 8s 9s 10s 20s 30s 1m 2m";

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;

    /** One delivery as the listener saw it. */
    private record Delivery(long atMillis, String msgId, String topic, int reconsumeTimes, int delayLevel,
                            String body) {
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir, c -> c.messageDelayLevel(LEVELS));
        producer = startedProducer(cluster.namesrvAddr(), "retry_test_producer", "retry-producer");
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        producer.shutdown();
        cluster.close();
    }

    private List<Delivery> consume(String group, String topic, int maxReconsumeTimes, int failures) throws Exception {
        createGroup(group);
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        consumer = consumerFromFirstOffset(cluster.namesrvAddr(), group, uniqueInstanceName(group));
        consumer.setMaxReconsumeTimes(maxReconsumeTimes);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            MessageExt message = messages.get(0);
            deliveries.add(new Delivery(System.currentTimeMillis(), message.getMsgId(), message.getTopic(),
                    message.getReconsumeTimes(), message.getDelayTimeLevel(), body(message)));
            return deliveries.size() <= failures ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                    : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return deliveries;
    }

    /**
     * Creates the group, and so its retry topic, before its consumer starts, as operators do: a group
     * first seen in a heartbeat gets its retry topic then, and its consumers only find that topic's
     * route at their next route refresh and rebalance (up to 50 s with the client's defaults), in
     * RocketMQ as here.
     */
    private void createGroup(String group) throws Exception {
        DefaultMQAdminExt admin = startedAdmin(cluster.namesrvAddr(), "retry_group_admin", "retry-group-admin");
        try {
            SubscriptionGroupConfig config = new SubscriptionGroupConfig();
            config.setGroupName(group);
            admin.createAndUpdateSubscriptionGroupConfig(cluster.broker().brokerAddr(), config);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    !admin.examineTopicRouteInfo("%RETRY%" + group).getQueueDatas().isEmpty());
        } finally {
            admin.shutdown();
        }
    }

    private SendResult send(String topic, String key, String body) throws Exception {
        Message message = new Message(topic, "TagR", key, body.getBytes(StandardCharsets.UTF_8));
        return producer.send(message);
    }

    @Test
    void aListenerFailingThreeTimesGetsTheMessageFourTimesWithGrowingDelays() throws Exception {
        SendResult sent = send("RetryTopic", "order-1", "retry me");
        List<Delivery> deliveries = consume("retry_group", "RetryTopic", 16, 3);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() >= 4);
        // Consumed successfully on the fourth delivery: nothing more may come.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(deliveries).hasSize(4);
        assertThat(deliveries).extracting(Delivery::msgId).containsOnly(sent.getMsgId());
        assertThat(deliveries).extracting(Delivery::topic).containsOnly("RetryTopic");
        assertThat(deliveries).extracting(Delivery::body).containsOnly("retry me");
        assertThat(deliveries).extracting(Delivery::reconsumeTimes).containsExactly(0, 1, 2, 3);
        // The broker picks level 3 + reconsume count for each send-back: 500 ms, 1 s, 1.5 s. The level each
        // retry went through is the growing delay; the wall-clock gaps only bound it from below, as a busy
        // machine may add to any of them.
        assertThat(deliveries).extracting(Delivery::delayLevel).containsExactly(0, 3, 4, 5);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < deliveries.size(); i++) {
            gaps.add(deliveries.get(i).atMillis() - deliveries.get(i - 1).atMillis());
        }
        System.out.println("retry gaps (ms), levels 3/4/5 = 500/1000/1500: " + gaps);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(500);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(1_000);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void anAlwaysFailingMessageEndsInTheDeadLetterTopicWithItsOriginalId() throws Exception {
        SendResult sent = send("DlqTopic", "order-dlq", "never consumable");
        List<Delivery> deliveries = consume("dlq_group", "DlqTopic", 2, Integer.MAX_VALUE);

        DefaultMQAdminExt admin = startedAdmin(cluster.namesrvAddr(), "retry_test_admin", "retry-admin");
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(messagesIn(admin, "%DLQ%dlq_group")).isEqualTo(1));
            // First delivery plus maxReconsumeTimes (2) retries, then no more.
            assertThat(deliveries).hasSize(3);
            assertThat(deliveries).extracting(Delivery::msgId).containsOnly(sent.getMsgId());

            MessageExt dead = admin.viewMessage("%DLQ%dlq_group", sent.getMsgId());
            assertThat(body(dead)).isEqualTo("never consumable");
            assertThat(dead.getMsgId()).isEqualTo(sent.getMsgId());
            assertThat(dead.getProperty(MessageConst.PROPERTY_RETRY_TOPIC)).isEqualTo("DlqTopic");
            assertThat(dead.getProperty(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)).isEqualTo(sent.getOffsetMsgId());
            assertThat(dead.getReconsumeTimes()).isEqualTo(3);
            assertThat(admin.queryMessage("%DLQ%dlq_group", "order-dlq", 10, 0, Long.MAX_VALUE).getMessageList())
                    .singleElement().satisfies(m -> assertThat(m.getMsgId()).isEqualTo(sent.getMsgId()));
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void aRetrySentPastItsLimitGoesToTheDeadLetterTopicAndOneWithinItToTheRetryTopic() throws Exception {
        createGroup("send_retry_group");
        // What the official client sends when its send-back fails, or for orderly consumers.
        Message pastLimit = message("%RETRY%send_retry_group", "past");
        MessageAccessor.setReconsumeTime(pastLimit, "4");
        MessageAccessor.setMaxReconsumeTimes(pastLimit, "3");
        pastLimit.setDelayTimeLevel(7);
        producer.send(pastLimit);
        Message withinLimit = message("%RETRY%send_retry_group", "within");
        MessageAccessor.setReconsumeTime(withinLimit, "1");
        MessageAccessor.setMaxReconsumeTimes(withinLimit, "3");
        producer.send(withinLimit);

        DefaultMQAdminExt admin = startedAdmin(cluster.namesrvAddr(), "retry_send_admin", "retry-send-admin");
        try {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                assertThat(messagesIn(admin, "%DLQ%send_retry_group")).isEqualTo(1);
                assertThat(messagesIn(admin, "%RETRY%send_retry_group")).isEqualTo(1);
            });
        } finally {
            admin.shutdown();
        }
    }
}
