package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.messagesIn;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
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
            DefaultMQProducer producer = startedProducer(namesrv, "crash_delay_producer", "crash-delay-producer");
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
            DefaultMQAdminExt admin = startedAdmin(namesrv, "crash_delay_admin", "crash-delay-admin");
            try {
                // The seed and the three level-1 messages are in the topic: the kill lands after a delivery.
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> messagesIn(admin, TOPIC) >= 4);
            } finally {
                admin.shutdown();
            }
        } finally {
            ClusterProcess.kill(first);
        }

        Process second = ClusterProcess.launch(data, dir.resolve("second.log"));
        DefaultMQPushConsumer consumer = null;
        try {
            ArrivalLog arrivals = new ArrivalLog();
            consumer = startConsuming(consumerFromFirstOffset(ClusterProcess.awaitNamesrv(dir.resolve("second.log")),
                    "crash_delay_group", uniqueInstanceName("crash-delay-consumer")), TOPIC, arrivals);

            await().atMost(Duration.ofSeconds(40)).until(() -> arrivals.allArrived(due.keySet()));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            StringBuilder figures = new StringBuilder("after SIGKILL, ms past due stored/received:");
            for (String body : List.of("level3-0", "level3-1", "level3-2", "timed")) {
                long late = arrivals.storedAt(body) - due.get(body);
                figures.append(' ').append(body).append('=').append(late).append('/')
                        .append(arrivals.receivedAt(body) - due.get(body));
                assertThat(late).as(body).isBetween(0L, 1_000L);
                assertThat(arrivals.times().get(body)).as(body + " not yet due at the kill arrives once").isEqualTo(1);
            }
            System.out.println(figures);
            for (int i = 0; i < 3; i++) {
                assertThat(arrivals.times().get("level1-" + i)).as("delivered before the kill").isBetween(1, 2);
            }
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /** Sends one message, with a delay level or a delivery time, and notes when it is due. */
    private static void send(DefaultMQProducer producer, String body, int level, long deliverAt,
                             Map<String, Long> due) throws Exception {
        Message message = message(TOPIC, body);
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
