package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Messages the official producer sends for delivery at a time arrive within a second of it, also across a restart. */
class OfficialTimerTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    /** Body to the moment it was received. */
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, Integer> times = new ConcurrentHashMap<>();
    /** Body to the time the broker stored it in its real topic. */
    private final Map<String, Long> stored = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir, c -> c.timerMaxDelaySec(3_600));
        producer = new DefaultMQProducer("timer_test_producer");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("timer-producer-" + System.nanoTime());
        producer.start();
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        producer.shutdown();
        cluster.close();
    }

    private void consumeFromNow(String topic) throws Exception {
        producer.send(new Message(topic, "seed".getBytes(StandardCharsets.UTF_8)));
        consumer = new DefaultMQPushConsumer(topic + "_group");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(topic + "-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : messages) {
                String body = new String(m.getBody(), StandardCharsets.UTF_8);
                received.putIfAbsent(body, now);
                stored.putIfAbsent(body, m.getStoreTimestamp());
                times.merge(body, 1, Integer::sum);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> received.containsKey("seed"));
    }

    private void send(Message message) throws Exception {
        assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyWayOfAskingForATimeDeliversWithinASecondOfIt() throws Exception {
        consumeFromNow("TimerTopic");
        Map<String, Long> due = new ConcurrentHashMap<>();
        long now = System.currentTimeMillis();
        Message at = message("TimerTopic", "deliver-ms");
        at.setDeliverTimeMs(now + 3_000);
        due.put("deliver-ms", now + 3_000);
        send(at);
        now = System.currentTimeMillis();
        Message sec = message("TimerTopic", "delay-sec");
        sec.setDelayTimeSec(2);
        due.put("delay-sec", now + 2_000);
        send(sec);
        now = System.currentTimeMillis();
        Message ms = message("TimerTopic", "delay-ms");
        ms.setDelayTimeMs(1_500);
        due.put("delay-ms", now + 1_500);
        send(ms);
        Message past = message("TimerTopic", "already-due");
        past.setDeliverTimeMs(System.currentTimeMillis() - 1_000);
        send(past);

        await().atMost(Duration.ofSeconds(20)).until(() -> received.keySet().containsAll(due.keySet())
                && received.containsKey("already-due"));
        StringBuilder figures = new StringBuilder("timer lateness (ms past due):");
        due.forEach((body, dueAt) -> {
            long late = received.get(body) - dueAt;
            figures.append(' ').append(body).append('=').append(late);
            assertThat(late).as(body).isBetween(0L, 1_000L);
        });
        System.out.println(figures);
        assertThat(times).allSatisfy((body, count) -> assertThat(count).as(body).isEqualTo(1));
    }

    @Test
    void aTimeBeyondTheHorizonIsRefusedWithAClearError() throws Exception {
        Message tooFar = message("TimerFarTopic", "too far");
        tooFar.setDelayTimeSec(7_200);
        assertThatThrownBy(() -> producer.send(tooFar)).isInstanceOfSatisfying(MQBrokerException.class, e -> {
            assertThat(e.getResponseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(e.getErrorMessage()).contains("max delay").contains("timerMaxDelaySec");
        });
        Message withinHorizon = message("TimerFarTopic", "half an hour");
        withinHorizon.setDelayTimeSec(1_800);
        send(withinHorizon);
    }

    @Test
    void aTimedMessageArrivesOnTimeAfterABrokerRestart() throws Exception {
        consumeFromNow("TimerRestartTopic");
        // Due well after the consumer, which loses its connection in the restart, pulls again.
        long dueAt = System.currentTimeMillis() + 12_000;
        Message message = message("TimerRestartTopic", "across-restart");
        message.setDeliverTimeMs(dueAt);
        send(message);

        cluster.restartBroker();

        await().atMost(Duration.ofSeconds(30)).until(() -> received.containsKey("across-restart"));
        long late = received.get("across-restart") - dueAt;
        long storedLate = stored.get("across-restart") - dueAt;
        System.out.println("timer lateness across restart (ms), stored/received: " + storedLate + "/" + late);
        assertThat(storedLate).isBetween(0L, 1_000L);
        assertThat(late).isBetween(0L, 1_000L);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(times.get("across-restart")).isEqualTo(1);
    }
}
