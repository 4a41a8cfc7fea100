package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
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
    private final ArrivalLog arrivals = new ArrivalLog();

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir, c -> c.timerMaxDelaySec(3_600));
        producer = startedProducer(cluster.namesrvAddr(), "timer_test_producer", "timer-producer");
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
        producer.send(message(topic, "seed"));
        DefaultMQPushConsumer fresh = consumerFromFirstOffset(cluster.namesrvAddr(), topic + "_group",
                uniqueInstanceName(topic));
        // A restarted broker knows a consumer again only from its next heartbeat (RocketMQ's too); a short
        // period keeps the restart test about timer delivery, not about the 30 s default.
        fresh.setHeartbeatBrokerInterval(1_000);
        consumer = startConsuming(fresh, topic, arrivals);
        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.arrived("seed"));
    }

    private void send(Message message) throws Exception {
        assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
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

        await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.allArrived(due.keySet())
                && arrivals.arrived("already-due"));
        StringBuilder figures = new StringBuilder("timer lateness (ms past due):");
        due.forEach((body, dueAt) -> {
            long late = arrivals.receivedAt(body) - dueAt;
            figures.append(' ').append(body).append('=').append(late);
            assertThat(late).as(body).isBetween(0L, 1_000L);
        });
        System.out.println(figures);
        assertThat(arrivals.times()).allSatisfy((body, count) -> assertThat(count).as(body).isEqualTo(1));
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

        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.arrived("across-restart"));
        long late = arrivals.receivedAt("across-restart") - dueAt;
        long storedLate = arrivals.storedAt("across-restart") - dueAt;
        System.out.println("timer lateness across restart (ms), stored/received: " + storedLate + "/" + late);
        assertThat(storedLate).isBetween(0L, 1_000L);
        assertThat(late).isBetween(0L, 1_000L);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(arrivals.times().get("across-restart")).isEqualTo(1);
    }
}
