package io.apogee.cli;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standalone process under SYNC_FLUSH is stopped, by SIGKILL or cleanly by SIGTERM, and restarted on
 * the same data: a consumer group resumes from the offset it committed and receives every message
 * acknowledged after that, and none it had already consumed.
 */
class CrashResumeTest {

    private static final Pattern READY = Pattern.compile(
            "Apogee standalone ready in \\d+ ms: name server ([0-9.]+:\\d+), broker ([0-9.]+:\\d+)");
    private static final String TOPIC = "CrashTopic";
    private static final String GROUP = "crash_resume_group";

    @TempDir
    Path dir;

    @Test
    void consumerResumesFromItsCommittedOffsetAfterSigkill() throws Exception {
        resumesAfter(true);
    }

    @Test
    void consumerResumesFromItsCommittedOffsetAfterACleanStop() throws Exception {
        resumesAfter(false);
    }

    /**
     * Sends and consumes a first batch, sends a second, stops the process (SIGKILL when
     * {@code crash}, else SIGTERM and a wait for its clean exit), restarts it on the same data and
     * consumes again with the same group.
     */
    private void resumesAfter(boolean crash) throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "flushDiskType=SYNC_FLUSH\nmappedFileSizeCommitLog=16777216\n");
        Path data = dir.resolve("data");
        Path offsets = data.resolve("store").resolve("config").resolve("consumerOffset.json");

        Set<String> firstBatch;
        Set<String> secondBatch;
        Process first = start(data, conf, dir.resolve("first.log"));
        try {
            String namesrv = namesrvOf(dir.resolve("first.log"));
            firstBatch = send(namesrv, "first-", 100);
            Set<String> consumed = consume(namesrv, firstBatch.size());
            assertThat(consumed).containsAll(firstBatch);
            if (crash) {
                // The broker writes committed offsets every 5 s; a SIGKILL skips the final write.
                await().atMost(Duration.ofSeconds(30)).until(() -> committedOnDisk(offsets) == firstBatch.size());
            }
            secondBatch = send(namesrv, "second-", 100);
        } finally {
            if (crash) {
                first.destroyForcibly();
            } else {
                first.destroy();
            }
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("the first process ends").isTrue();
        }
        if (!crash) {
            assertThat(first.exitValue()).as("a clean stop exits normally").isEqualTo(143);
            assertThat(committedOnDisk(offsets)).as("a clean stop writes the committed offsets").isEqualTo(firstBatch.size());
        }

        Process second = start(data, conf, dir.resolve("second.log"));
        try {
            Set<String> consumed = consume(namesrvOf(dir.resolve("second.log")), secondBatch.size());
            assertThat(consumed).as("every message acknowledged after the commit").containsAll(secondBatch);
            assertThat(consumed).as("nothing before the committed offset again").doesNotContainAnyElementsOf(firstBatch);
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /** The sum over queues of the group's committed offsets in the broker's offset file. */
    private static long committedOnDisk(Path offsets) throws IOException {
        if (!Files.exists(offsets)) {
            return 0;
        }
        JSONObject queues = JSON.parseObject(Files.readString(offsets)).getJSONObject("offsetTable")
                .getJSONObject(TOPIC + "@" + GROUP);
        return queues == null ? 0 : queues.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
    }

    private static Process start(Path data, Path conf, Path log) throws IOException {
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName(),
                "standalone", "--data", data.toString(), "--namesrv-port", "0", "--broker-port", "0",
                "-c", conf.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String namesrvOf(Path log) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher ready = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
            return ready.find() ? ready.group(1) : null;
        }, Objects::nonNull);
    }

    /** Sends {@code count} messages; returns the bodies of those acknowledged with SEND_OK. */
    private static Set<String> send(String namesrv, String prefix, int count) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("crash_test_producer");
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("crash-producer-" + System.nanoTime());
        producer.start();
        Set<String> acknowledged = new HashSet<>();
        try {
            for (int i = 0; i < count; i++) {
                String body = prefix + i;
                if (producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8))).getSendStatus()
                        == SendStatus.SEND_OK) {
                    acknowledged.add(body);
                }
            }
        } finally {
            producer.shutdown();
        }
        assertThat(acknowledged).hasSize(count);
        return acknowledged;
    }

    /** Consumes with the group until {@code expected} distinct bodies arrived; shutdown commits offsets. */
    private static Set<String> consume(String namesrv, int expected) throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(GROUP);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("crash-consumer-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // The client's first rebalance may skip its heartbeat with the new subscription version (its heartbeat
        // lock is busy); pulls are then refused until the next heartbeat, 30 s later by default.
        consumer.setHeartbeatBrokerInterval(1_000);
        // A message counts as received inside the listener, before the client advances its offset past
        // it; without this wait, shutdown could commit offsets that miss the last messages in flight.
        consumer.setAwaitTerminationMillisWhenShutdown(10_000);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                received.add(new String(message.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= expected);
        } finally {
            consumer.shutdown();
        }
        return received;
    }
}
