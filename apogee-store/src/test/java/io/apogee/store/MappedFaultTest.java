package io.apogee.store;

import io.apogee.store.file.MappedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.apogee.store.StoreFixture.single;
import static io.apogee.store.StoreFixture.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consume-queue file truncated underneath a running store makes the dispatcher's next write into its mapping
 * fault (SIGBUS, which the JVM raises as InternalError). The store then stops acknowledging, for good and with
 * one reason, instead of acknowledging messages no consumer can find, or retrying the fault in a loop.
 *
 * <p>In compiled code the JVM delivers that error asynchronously, at the thread's next transition from the VM,
 * not at the faulting write: a fault can surface after the pass that caused it returned, in the dispatcher's
 * idle wait, where its runner hands it to the dispatcher all the same (a CI run once saw it escape from there
 * and end the dispatcher thread before that was so).
 *
 * <p>Commit-log records are written with positional writes, not through the mapping; a failed write there
 * stops the store the same way.
 */
class MappedFaultTest {

    @TempDir
    Path dir;
    private MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void aTruncatedConsumeQueueFileStopsTheStoreAcknowledging() throws Exception {
        store = StoreFixture.start(smallConfig(dir));
        assertThat(store.append(single("T", 0, "dispatched"))).isEqualTo(AppendStatus.PUT_OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue("T", 0) == 1);
        truncate(only(dir.resolve("consumequeue").resolve("T").resolve("0")));

        // The dispatcher faults writing the next entry; from then on nothing more is acknowledged.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.append(single("T", 0, "after the truncation")) == AppendStatus.STORE_FAULT);
        assertThat(store.append(single("T", 0, "still refused"))).isEqualTo(AppendStatus.STORE_FAULT);
    }

    @Test
    void aCommitLogFileDeletedBeforeItsFirstWriteStopsTheStoreAcknowledging() throws Exception {
        store = StoreFixture.start(smallConfig(dir));
        byte[] body = new byte[1024];
        // The second append starts preparing the next file, off the append path; delete it before the log
        // rolls into it.
        for (int i = 0; i < 2; i++) {
            assertThat(store.append(single("T", 0, body, Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        }
        Path commitLog = dir.resolve("commitlog");
        await().atMost(Duration.ofSeconds(10)).until(() -> fileCount(commitLog) == 2);
        Path next = commitLog.resolve(MappedFile.fileName(StoreFixture.COMMIT_LOG_FILE));
        Files.delete(next);

        AppendStatus status = AppendStatus.PUT_OK;
        for (int i = 0; i < 200 && status == AppendStatus.PUT_OK; i++) {
            status = store.append(single("T", 0, body, Map.of()));
        }
        assertThat(status).isEqualTo(AppendStatus.STORE_FAULT);
        assertThat(store.append(single("T", 0, "still refused"))).isEqualTo(AppendStatus.STORE_FAULT);
    }

    private static long fileCount(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static Path only(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    private static void truncate(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
        }
    }
}
