package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole consume queues removed while the store serves: a deleted topic's queues, and the files of queues
 * whose every message retention took from the commit log.
 */
class ConsumeQueueRemovalTest {

    private static final String BODY = "x".repeat(600);

    @TempDir
    Path dir;
    MappedMessageStore store;
    final AtomicReference<Double> usage = new AtomicReference<>(0.5);

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void aDeletedTopicLosesItsQueuesAndFolderWhileOtherTopicsKeepBeingWritten() throws Exception {
        store = start(smallConfig(dir));
        appendAndAwait("Gone", 0, 40);
        appendAndAwait("Gone", 1, 40);
        appendAndAwait("Kept", 0, 40);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 400; i++) {
                assertThat(store.append(single("Kept", 0, BODY))).isEqualTo(AppendStatus.PUT_OK);
            }
        });
        writer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        writer.start();

        assertThat(store.deleteTopicQueues(Set.of("Gone", "NeverSeen")).get(10, TimeUnit.SECONDS)).isEqualTo(2);

        writer.join(20_000);
        assertThat(failure.get()).isNull();
        assertThat(dir.resolve("consumequeue").resolve("Gone")).doesNotExist();
        assertThat(store.queuedTopics()).contains("Kept").doesNotContain("Gone");
        assertThat(store.maxOffsetInQueue("Gone", 0)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue("Kept", 0) == 440);
        assertThat(readAll("Kept", 0)).hasSize(440);

        // A topic created again gets a new queue, which the dispatcher writes to (not to the removed one); while
        // the store runs its numbering goes on where it was, so no message ever reuses a queue offset.
        appendAndAwait("Gone", 0, 3);
        assertThat(store.minOffsetInQueue("Gone", 0)).isEqualTo(40);
        assertThat(readAll("Gone", 0)).hasSize(3);
        assertThat(dir.resolve("consumequeue").resolve("Gone").resolve("0")).isDirectory();

        store.shutdown();
        store = start(smallConfig(dir));
        assertThat(store.queuedTopics()).contains("Gone", "Kept");
        assertThat(readAll("Kept", 0)).hasSize(440);
        assertThat(store.getMessage("Gone", 1, 0, 32, 1 << 20, null).messages()).isEmpty();
    }

    @Test
    void aQueueWhoseMessagesRetentionTookLosesItsFilesAndKeepsItsNumbering() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "600000");
        config.put(MessageStoreConfig.CLEAN_FILE_FORCIBLY_ENABLE, "true");
        store = start(config, path -> usage.get());
        appendAndAwait("Old", 0, 30);
        // Enough of another topic that "Old" lies in commit-log files retention may delete.
        appendAndAwait("New", 0, 300);
        assertThat(store.deleteExpiredQueues().get(10, TimeUnit.SECONDS)).as("nothing expired yet").isZero();

        usage.set(0.86);
        store.runRetention(System.currentTimeMillis());
        assertThat(store.commitLogMinOffset()).isPositive();
        assertThat(queueFiles("Old", 0)).isNotEmpty();

        assertThat(store.deleteExpiredQueues().get(10, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(queueFiles("Old", 0)).isEmpty();
        assertThat(queueFiles("New", 0)).as("a queue with readable messages keeps its files").isNotEmpty();
        assertThat(store.minOffsetInQueue("Old", 0)).isEqualTo(30);
        assertThat(store.maxOffsetInQueue("Old", 0)).isEqualTo(30);
        appendAndAwait("Old", 0, 2);
        assertThat(store.minOffsetInQueue("Old", 0)).isEqualTo(30);
        assertThat(readAll("Old", 0)).hasSize(2);
    }

    @Test
    void removalAfterShutdownFailsInsteadOfHanging() throws Exception {
        store = start(smallConfig(dir));
        store.shutdown();
        assertThat(store.deleteTopicQueues(Set.of("Any"))).isCompletedExceptionally();
        assertThat(store.deleteExpiredQueues()).isCompletedExceptionally();
        store = null;
    }

    private void appendAndAwait(String topic, int queueId, int count) {
        long target = 0;
        for (int i = 0; i < count; i++) {
            AppendRequest request = single(topic, queueId, BODY);
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
            target = request.queueOffset + 1;
        }
        long end = target;
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue(topic, queueId) == end);
    }

    private List<String> readAll(String topic, int queueId) {
        return readQueue(store, topic, queueId).stream().map(StoreFixture::text).toList();
    }

    private List<Path> queueFiles(String topic, int queueId) throws Exception {
        Path queueDir = dir.resolve("consumequeue").resolve(topic).resolve(Integer.toString(queueId));
        try (var files = Files.list(queueDir)) {
            return files.toList();
        }
    }
}
