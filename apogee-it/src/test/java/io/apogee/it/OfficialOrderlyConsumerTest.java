package io.apogee.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official orderly push consumer (MessageListenerOrderly) against an Apogee broker: each
 * order's messages are consumed in send order while consumers join and one is killed with
 * SIGKILL. Consumers run as processes of their own so that killing one is a real crash (no
 * unlock, no unregister); the broker frees its queue locks when its connection closes.
 */
class OfficialOrderlyConsumerTest {

    private static final String TOPIC = "ORDERLY_TOPIC";
    private static final String GROUP = "orderly_group";
    private static final int KEYS = 100;
    private static final int MESSAGES = 10_000;
    /** Generous bound on how often one order moves between consumers: 3 membership changes here. */
    private static final int MAX_HANDOVERS_PER_KEY = 8;
    private static final int SENDERS = 8;

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private final List<ConsumerProcess> processes = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();

    /** One message as a consumer saw it: which consumer, which order, its place in the order, when. */
    private record Received(String consumer, int key, int seq, long nanoTime, long endNanoTime) {
    }

    private final class ConsumerProcess {
        final String name;
        final Process process;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile int count;

        ConsumerProcess(String name) throws IOException {
            this.name = name;
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    // React to membership changes at once rather than after RocketMQ's 20 s defaults.
                    "-Drocketmq.client.unlockDelayTimeMills=0",
                    "-Drocketmq.client.rebalance.waitInterval=1000",
                    "-cp", System.getProperty("java.class.path"), OrderlyConsumerProcess.class.getName(),
                    cluster.namesrvAddr(), GROUP, TOPIC, uniqueInstanceName(name))
                    .redirectError(dir.resolve(name + ".err").toFile())
                    .start();
            Thread reader = new Thread(this::read, "read-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("R ")) {
                        String[] parts = line.split(" ");
                        String[] keySeq = parts[1].split(":");
                        synchronized (received) {
                            received.add(new Received(name, Integer.parseInt(keySeq[0]), Integer.parseInt(keySeq[1]),
                                    Long.parseLong(parts[2]), Long.parseLong(parts[3])));
                        }
                        count++;
                    }
                }
            } catch (IOException e) {
                // The process was killed: its output simply ends.
            }
        }

        void awaitReady() throws InterruptedException {
            assertThat(ready.await(60, TimeUnit.SECONDS)).as(name + " started").isTrue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        DefaultMQAdminExt admin = startedAdmin(cluster.namesrvAddr(), "orderly-admin");
        try {
            admin.createAndUpdateTopicConfig(cluster.broker().brokerAddr(), new TopicConfig(TOPIC, 4, 4, 6));
        } finally {
            admin.shutdown();
        }
        producer = startedProducer(cluster.namesrvAddr(), "orderly_producer", "orderly-producer");
    }

    @AfterEach
    void stop() throws Exception {
        for (ConsumerProcess process : processes) {
            process.kill();
        }
        producer.shutdown();
        cluster.close();
    }

    private ConsumerProcess consumer(String name) throws IOException {
        ConsumerProcess process = new ConsumerProcess(name);
        processes.add(process);
        return process;
    }

    /**
     * Sends messages {@code from} (inclusive) to {@code to}: message i is step i / KEYS of order i % KEYS.
     * Orders are split among a few sending threads; each order is sent by one thread, one message after
     * the other, so its send order is well defined.
     */
    private void send(int from, int to) throws Exception {
        MessageQueueSelector byOrder = (queues, message, key) -> queues.get((Integer) key % queues.size());
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                done.add(senders.submit(() -> {
                    for (int i = from; i < to; i++) {
                        int key = i % KEYS;
                        if (key % SENDERS == sender) {
                            Message message = new Message(TOPIC, "order", "order-" + key,
                                    (key + ":" + i / KEYS).getBytes(StandardCharsets.UTF_8));
                            assertThat(producer.send(message, byOrder, key).getSendStatus())
                                    .isEqualTo(SendStatus.SEND_OK);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sent : done) {
                sent.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private Set<Long> distinctReceived() {
        synchronized (received) {
            Set<Long> distinct = new HashSet<>();
            received.forEach(r -> distinct.add((long) r.key() * MESSAGES + r.seq()));
            return distinct;
        }
    }

    @Test
    void everyOrderIsConsumedInSendOrderWhileConsumersJoinAndOneIsKilled() throws Exception {
        ConsumerProcess first = consumer("first");
        ConsumerProcess second = consumer("second");
        first.awaitReady();
        second.awaitReady();
        send(0, 3_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.count > 0 && second.count > 0);

        ConsumerProcess third = consumer("third");
        third.awaitReady();
        send(3_000, 6_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> third.count > 0);

        third.kill();
        send(6_000, MESSAGES);
        await().atMost(Duration.ofSeconds(90)).until(() -> distinctReceived().size() == MESSAGES);

        Map<Integer, List<Received>> byKey = new TreeMap<>();
        synchronized (received) {
            received.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        }
        assertThat(byKey).hasSize(KEYS);
        for (Map.Entry<Integer, List<Received>> order : byKey.entrySet()) {
            assertConsumedInOrder(order.getKey(), order.getValue());
        }
        Map<Integer, List<Received>> byQueue = new TreeMap<>();
        byKey.forEach((key, records) -> byQueue.computeIfAbsent(key % 4, q -> new ArrayList<>()).addAll(records));
        byQueue.forEach(OfficialOrderlyConsumerTest::assertOneConsumerAtATime);
    }

    /** Two consumers never work on the same queue at the same time: the lock's whole purpose. */
    private static void assertOneConsumerAtATime(int queue, List<Received> records) {
        records.sort(Comparator.comparingLong(Received::nanoTime));
        Received latest = null;
        for (Received record : records) {
            if (latest != null && !latest.consumer().equals(record.consumer())) {
                assertThat(record.nanoTime()).as("queue %d: %s started while %s was still being consumed", queue,
                        record, latest).isGreaterThanOrEqualTo(latest.endNanoTime());
            }
            if (latest == null || record.endNanoTime() > latest.endNanoTime()) {
                latest = record;
            }
        }
    }

    /**
     * In time order, a message seen for the first time must be the next of its order; a consumer
     * that takes an order over may repeat what was not yet committed, but then goes on one by one;
     * and the order changes hands only a few times (two consumers working the same queue at once
     * would alternate constantly).
     */
    private static void assertConsumedInOrder(int key, List<Received> records) {
        records.sort(Comparator.comparingLong(Received::nanoTime));
        int highest = -1;
        int handovers = 0;
        Received previous = null;
        for (Received record : records) {
            assertThat(record.seq()).as("order %d: %s after highest %d", key, record, highest)
                    .isLessThanOrEqualTo(highest + 1);
            if (previous != null && previous.consumer().equals(record.consumer())) {
                assertThat(record.seq()).as("order %d: %s right after %s", key, record, previous)
                        .isEqualTo(previous.seq() + 1);
            } else if (previous != null) {
                handovers++;
            }
            highest = Math.max(highest, record.seq());
            previous = record;
        }
        assertThat(highest).isEqualTo(MESSAGES / KEYS - 1);
        assertThat(handovers).as("order %d changed consumers", key).isLessThanOrEqualTo(MAX_HANDOVERS_PER_KEY);
    }
}
