package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** Messages sent with a delay level by the official producer arrive when due, also across a broker restart. */
class OfficialDelayTest {

    private static final long[] LEVEL_MILLIS = {0, 1_000, 5_000, 10_000};

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;

    /** A message as the consumer got it, with when. */
    private record Arrival(String body, long receivedMillis, long bornMillis, int queueId, String topic,
                           int delayLevel) {
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        producer = startedProducer(cluster.namesrvAddr(), "delay_test_producer", "delay-producer");
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        producer.shutdown();
        cluster.close();
    }

    /** Starts a consumer of {@code topic} and waits until it received the topic's seed message. */
    private List<Arrival> consumeFromNow(String group, String topic) throws Exception {
        assertThat(producer.send(message(topic, "seed")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer fresh = consumerFromFirstOffset(cluster.namesrvAddr(), group, uniqueInstanceName(group));
        // A restarted broker knows a consumer again only from its next heartbeat (RocketMQ's too); a short
        // period keeps the restart test about delivery, not about the 30 s default.
        fresh.setHeartbeatBrokerInterval(1_000);
        consumer = startConsuming(fresh,
                topic, m -> arrivals.add(new Arrival(body(m), System.currentTimeMillis(), m.getBornTimestamp(),
                        m.getQueueId(), m.getTopic(), m.getDelayTimeLevel())));
        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.stream().anyMatch(a -> a.body().equals("seed")));
        return arrivals;
    }

    private SendResult sendDelayed(String topic, String body, int level) throws Exception {
        Message message = message(topic, body);
        message.setDelayTimeLevel(level);
        SendResult result = producer.send(message);
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return result;
    }

    @Test
    void aDeliveredMessageStillReportsTheDelayLevelItWasSentWith() throws Exception {
        List<Arrival> arrivals = consumeFromNow("delay_level_group", "DelayLevelTopic");
        sendDelayed("DelayLevelTopic", "one", 1);
        sendDelayed("DelayLevelTopic", "two", 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.size() == 1 + 2);
        // As RocketMQ 5.3.3, where applications read MessageExt.getDelayTimeLevel() on the real topic.
        assertThat(arrivals).filteredOn(arrival -> !arrival.body().equals("seed"))
                .extracting(Arrival::body, Arrival::topic, Arrival::delayLevel)
                .containsExactlyInAnyOrder(tuple("one", "DelayLevelTopic", 1), tuple("two", "DelayLevelTopic", 2));
        assertThat(arrivals).filteredOn(arrival -> arrival.body().equals("seed")).singleElement()
                .extracting(Arrival::delayLevel).as("a message sent without a delay has none").isEqualTo(0);
    }

    @Test
    void levelsOneToThreeArriveNoEarlierThanTheirDelayAndWithinASecondAfter() throws Exception {
        List<Arrival> arrivals = consumeFromNow("delay_group", "DelayTopic");
        Map<String, Integer> sentQueue = new ConcurrentHashMap<>();
        for (int level = 1; level <= 3; level++) {
            for (int i = 0; i < 3; i++) {
                String body = "level" + level + "-" + i;
                sentQueue.put(body, sendDelayed("DelayTopic", body, level).getMessageQueue().getQueueId());
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.size() == 1 + 9);
        StringBuilder figures = new StringBuilder("delay lateness (ms past due):");
        for (Arrival arrival : arrivals) {
            if (arrival.body().equals("seed")) {
                continue;
            }
            int level = arrival.body().charAt(5) - '0';
            long waited = arrival.receivedMillis() - arrival.bornMillis();
            figures.append(' ').append(arrival.body()).append('=').append(waited - LEVEL_MILLIS[level]);
            assertThat(waited).as(arrival.body()).isGreaterThanOrEqualTo(LEVEL_MILLIS[level])
                    .isLessThanOrEqualTo(LEVEL_MILLIS[level] + 1_000);
            assertThat(arrival.topic()).isEqualTo("DelayTopic");
            assertThat(arrival.queueId()).as("the queue it was sent to").isEqualTo(sentQueue.get(arrival.body()));
            // As RocketMQ 5.3.3: the level stays on the delivered message.
            assertThat(arrival.delayLevel()).as("delay level of " + arrival.body()).isEqualTo(level);
        }
        System.out.println(figures);
    }

    @Test
    void delayedMessagesStillArriveOnceWhenTheBrokerRestartsBeforeTheyAreDue() throws Exception {
        List<Arrival> arrivals = consumeFromNow("delay_restart_group", "DelayRestartTopic");
        for (int i = 0; i < 3; i++) {
            sendDelayed("DelayRestartTopic", "soon-" + i, 1);
            sendDelayed("DelayRestartTopic", "later-" + i, 3);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.stream().filter(a -> a.body().startsWith("soon-"))
                .count() == 3);

        cluster.restartBroker();

        await().atMost(Duration.ofSeconds(40)).until(() -> arrivals.stream().filter(a -> a.body().startsWith("later-"))
                .count() == 3);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(arrivals).extracting(Arrival::body).as("each exactly once")
                .containsExactlyInAnyOrder("seed", "soon-0", "soon-1", "soon-2", "later-0", "later-1", "later-2");
        assertThat(arrivals).filteredOn(a -> a.body().startsWith("later-"))
                .allSatisfy(a -> assertThat(a.receivedMillis() - a.bornMillis()).isGreaterThanOrEqualTo(10_000));
    }
}
