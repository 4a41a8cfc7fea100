package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker process holding delayed and timed messages is killed with SIGKILL and restarted over the
 * same files: every message is still delivered to its topic when due (its store time there is within
 * a second after its due time; the consumer, itself starting after the restart, may see it later),
 * the ones not yet due exactly once, and the ones delivered before the kill at most once more
 * (at-least-once).
 */
class DelayedDeliveryCrashTest {

    private static final String TOPIC = "CrashDelayTopic";

    @TempDir
    Path dir;

    @Test
    void delayedAndTimedMessagesArriveOnTimeAfterSigkill() throws Exception {
        Path data = dir.resolve("cluster");
        Map<String, Long> due = new ConcurrentHashMap<>();
        Process first = ClusterProcess.launch(data, dir.resolve("first.log"));
        try {
            String namesrv = ClusterProcess.awaitNamesrv(dir.resolve("first.log"));
            DefaultMQProducer producer = new DefaultMQProducer("crash_delay_producer");
            producer.setNamesrvAddr(namesrv);
            producer.setInstanceName("crash-delay-producer-" + System.nanoTime());
            producer.start();
            try {
                send(producer, "seed", 0, 0, due);
                for (int i = 0; i < 3; i++) {
                    send(producer, "level1-" + i, 1, 0, due);
                    send(producer, "level3-" + i, 3, 0, due);
                }
                send(producer, "timed", 0, System.currentTimeMillis() + 12_000, due);
            } finally {
                producer.shutdown();
            }
            DefaultMQAdminExt admin = new DefaultMQAdminExt("crash_delay_admin");
            admin.setNamesrvAddr(namesrv);
            admin.setInstanceName("crash-delay-admin-" + System.nanoTime());
            admin.start();
            try {
                // The seed and the three level-1 messages are in the topic: the kill lands after a delivery.
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                        admin.examineTopicStats(TOPIC).getOffsetTable().values().stream()
                                .mapToLong(o -> o.getMaxOffset() - o.getMinOffset()).sum() >= 4);
            } finally {
                admin.shutdown();
            }
        } finally {
            first.destroyForcibly(); // SIGKILL
            first.waitFor(10, TimeUnit.SECONDS);
        }

        Process second = ClusterProcess.launch(data, dir.resolve("second.log"));
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("crash_delay_group");
        try {
            Map<String, Long> received = new ConcurrentHashMap<>();
            Map<String, Long> stored = new ConcurrentHashMap<>();
            Map<String, Integer> times = new ConcurrentHashMap<>();
            consumer.setNamesrvAddr(ClusterProcess.awaitNamesrv(dir.resolve("second.log")));
            consumer.setInstanceName("crash-delay-consumer-" + System.nanoTime());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(TOPIC, "*");
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

            await().atMost(Duration.ofSeconds(40)).until(() -> received.keySet().containsAll(due.keySet()));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            StringBuilder figures = new StringBuilder("after SIGKILL, ms past due stored/received:");
            for (String body : List.of("level3-0", "level3-1", "level3-2", "timed")) {
                long late = stored.get(body) - due.get(body);
                figures.append(' ').append(body).append('=').append(late).append('/')
                        .append(received.get(body) - due.get(body));
                assertThat(late).as(body).isBetween(0L, 1_000L);
                assertThat(times.get(body)).as(body + " not yet due at the kill arrives once").isEqualTo(1);
            }
            System.out.println(figures);
            for (int i = 0; i < 3; i++) {
                assertThat(times.get("level1-" + i)).as("delivered before the kill").isBetween(1, 2);
            }
        } finally {
            consumer.shutdown();
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /** Sends one message, with a delay level or a delivery time, and notes when it is due. */
    private static void send(DefaultMQProducer producer, String body, int level, long deliverAt,
                             Map<String, Long> due) throws Exception {
        Message message = new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis();
        if (level > 0) {
            message.setDelayTimeLevel(level);
        }
        if (deliverAt > 0) {
            message.setDeliverTimeMs(deliverAt);
        }
        assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        due.put(body, deliverAt > 0 ? deliverAt : now + (level == 1 ? 1_000 : level == 3 ? 10_000 : 0));
    }
}
