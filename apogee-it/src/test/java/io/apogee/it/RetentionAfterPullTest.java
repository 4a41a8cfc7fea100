package io.apogee.it;

import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Pulls hand mapped commit-log slices to the network. Once the official consumer has them, the
 * broker must give its hold on those files back, so that retention's deletion frees the disk at
 * once instead of whenever the garbage collector gets to the slices.
 */
class RetentionAfterPullTest {

    private static final String TOPIC = "RetainedTopic";
    private static final int MESSAGES = 3_000;

    @TempDir
    Path dir;

    @Test
    void filesDeletedAfterTheirMessagesWerePulledAreUnmapped() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assumeThat(Files.isReadable(maps)).as("needs /proc/self/maps to see mappings").isTrue();
        Path store = dir.resolve("store");
        String everyHour = IntStream.range(0, 24).mapToObj(h -> String.format("%02d", h))
                .collect(Collectors.joining(";"));
        try (LocalCluster cluster = new LocalCluster(dir, config -> config.store(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, store.toString(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(1024 * 1024),
                MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(64 * 1024),
                MessageStoreConfig.FILE_RESERVED_TIME, "0",
                MessageStoreConfig.DELETE_WHEN, everyHour,
                // Retention runs when the test says, not every 10 s behind the consumer's back.
                MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, Integer.toString(Integer.MAX_VALUE)))))) {
            DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "retention_producer",
                    "retention-producer");
            AtomicInteger received = new AtomicInteger();
            DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), "retention_group",
                    uniqueInstanceName("retention-consumer"));
            try {
                byte[] body = new byte[1024];
                Arrays.fill(body, (byte) 'r');
                for (int i = 0; i < MESSAGES; i += 10) {
                    List<Message> batch = IntStream.range(0, 10).mapToObj(n -> new Message(TOPIC, body)).toList();
                    producer.send(batch);
                }
                startConsuming(consumer, TOPIC, m -> received.incrementAndGet());
                await().atMost(Duration.ofSeconds(60)).until(() -> received.get() >= MESSAGES);
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }

            Path commitLog = store.resolve("commitlog");
            List<Path> before;
            try (var files = Files.list(commitLog)) {
                before = files.sorted().toList();
            }
            assertThat(before).as("the backlog spans several commit-log files").hasSizeGreaterThan(2);
            ((MappedMessageStore) cluster.broker().store()).runRetention(System.currentTimeMillis());

            List<Path> deleted = before.stream().filter(file -> !Files.exists(file)).toList();
            assertThat(deleted).as("retention deleted the consumed files").isNotEmpty();
            String mappings = Files.readString(maps);
            for (Path file : deleted) {
                assertThat(mappings).as("no mapping of a deleted file is left behind").doesNotContain(file.toString());
            }
        }
    }
}
