package io.apogee.store;

import io.apogee.common.file.DurableFile;
import io.apogee.store.recovery.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The periodic force of consume queues and index, and the checkpoint after it, run beside dispatch, never in its
 * way: while the checkpoint's write hangs (its temporary file is made a named pipe that nobody reads, so opening
 * it blocks) appends are still dispatched and readable.
 */
class QueueForceTest {

    private static final String TOPIC = "Forced";

    @TempDir
    Path dir;
    MappedMessageStore store;
    Path pipe;

    @AfterEach
    void stop() throws Exception {
        releaseThePipe();
        if (store != null) {
            store.shutdown();
        }
    }

    /**
     * Opens the pipe for reading and writing, which never blocks and lets a writer's open return; its write or
     * force of a pipe then fails, and the checkpoint's clean-up deletes the pipe.
     */
    private void releaseThePipe() throws Exception {
        if (pipe != null && Files.exists(pipe) && !Files.isRegularFile(pipe)) {
            Files.newByteChannel(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
        }
    }

    /** The thread that is writing the checkpoint now, or null. */
    private static Thread checkpointWriter() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(DurableFile.class.getName())))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    @Test
    void appendsAreDispatchedWhileTheCheckpointHangs() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "50");
        store = start(config);
        assertThat(store.append(single(TOPIC, 0, "m-0"))).isEqualTo(AppendStatus.PUT_OK);
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 1);

        pipe = DurableFile.temporaryOf(dir.resolve(Checkpoint.FILE_NAME));
        // The forcer writes the checkpoint every 50 ms: try again while its own temporary file is there.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(() -> new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpointWriter() != null);
        assertThat(checkpointWriter()).as("the checkpoint's writer").isNotEqualTo(store.dispatcherThread());

        for (int n = 1; n <= 100; n++) {
            assertThat(store.append(single(TOPIC, 0, "m-" + n))).isEqualTo(AppendStatus.PUT_OK);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue(TOPIC, 0) == 101);
        assertThat(checkpointWriter()).as("still hanging").isNotNull();
        GetMessageResult last = store.getMessage(TOPIC, 0, 100, 1, 1 << 20, null);
        try {
            assertThat(decodeAll(last)).extracting(StoreFixture::text).containsExactly("m-100");
        } finally {
            last.release();
        }

        releaseThePipe();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(pipe) || Files.isRegularFile(pipe));
    }
}
