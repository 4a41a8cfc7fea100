package io.apogee.store;

import io.apogee.protocol.message.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Retention unmaps the files it deletes, but never under a pull whose slices are still in use. */
class DeletedFileUnmapTest {

    @TempDir
    Path dir;
    MappedMessageStore store;
    final AtomicReference<Double> usage = new AtomicReference<>(0.5);

    @BeforeAll
    static void linux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs /proc/self/maps to see mappings");
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void deletedFilesWithoutReadersAreUnmappedAndGone() throws Exception {
        store = startWithBacklog();
        List<String> commitLogFiles = commitLogFiles();

        usage.set(0.86);
        store.runRetention(System.currentTimeMillis());

        List<String> deleted = deletedSince(commitLogFiles);
        assertThat(deleted).isNotEmpty();
        String maps = mappings();
        for (String path : deleted) {
            assertThat(new File(path)).doesNotExist();
            assertThat(maps).doesNotContain(path);
        }
        assertThat(store.getMessage("Unmap", 0, store.minOffsetInQueue("Unmap", 0), 4, 1 << 20, null).status())
                .isEqualTo(GetMessageStatus.FOUND);
    }

    @Test
    void aPullHoldingSlicesDelaysTheUnmapUntilReleased() throws Exception {
        store = startWithBacklog();
        List<String> commitLogFiles = commitLogFiles();
        GetMessageResult pull = store.getMessage("Unmap", 0, 0, 32, 1 << 20, null);
        assertThat(pull.status()).isEqualTo(GetMessageStatus.FOUND);
        List<StoredMessage> before = decodeAll(pull);

        usage.set(0.86);
        store.runRetention(System.currentTimeMillis());

        List<String> deleted = deletedSince(commitLogFiles);
        String firstFile = commitLogFiles.get(0);
        assertThat(deleted).contains(firstFile);
        assertThat(new File(firstFile)).doesNotExist();
        // Gone from the directory but still mapped: the pull's slices read the same bytes.
        assertThat(mappings()).contains(firstFile + " (deleted)");
        assertThat(decodeAll(pull)).isEqualTo(before);
        // Files nobody held are unmapped at once.
        for (String path : deleted.subList(1, deleted.size())) {
            assertThat(mappings()).doesNotContain(path);
        }

        assertThat(pull.release()).isTrue();
        assertThat(pull.release()).isFalse();
        assertThat(mappings()).doesNotContain(firstFile);
    }

    @Test
    void readsAfterDeletionDoNotSeeDeletedFiles() throws Exception {
        store = startWithBacklog();
        ByteBuffer copy = store.getMessageByOffset(0);
        assertThat(copy).isNotNull();
        assertThat(copy.isDirect()).as("a lookup by offset is a copy, needing no release").isFalse();
        usage.set(0.86);
        store.runRetention(System.currentTimeMillis());
        assertThat(store.getMessageByOffset(0)).isNull();
        assertThat(store.messageStoreTime("Unmap", 0, 0)).isEqualTo(-1);
        assertThat(decode(copy).topic()).isEqualTo("Unmap");
        GetMessageResult removed = store.getMessage("Unmap", 0, 0, 4, 1 << 20, null);
        assertThat(removed.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
    }

    @Test
    void readersRacingRetentionNeverTouchUnmappedMemory() throws Exception {
        store = startWithBacklog();
        usage.set(0.86);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + 1_500_000_000L;
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            while (System.nanoTime() < deadline && failure.get() == null) {
                store.append(single("Unmap", 0, "more " + " ".repeat(600)));
            }
        }));
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                long checked = 0;
                while (System.nanoTime() < deadline && failure.get() == null) {
                    long from = store.minOffsetInQueue("Unmap", 0);
                    try (GetMessageResult pull = store.getMessage("Unmap", 0, from, 16, 1 << 20, null)) {
                        for (ByteBuffer message : pull.messages()) {
                            checked += decode(message).topic().length();
                        }
                    }
                    store.messageStoreTime("Unmap", 0, from);
                    store.getMessageByOffset(store.commitLogMinOffset());
                }
                assertThat(checked).isPositive();
            }));
        }
        threads.forEach(t -> t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e)));
        threads.forEach(Thread::start);
        while (System.nanoTime() < deadline) {
            store.runRetention(System.currentTimeMillis());
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(store.commitLogMinOffset()).isPositive();
        // The flush threads hold a file while they force it, so a deleted one may stay mapped until that
        // force returns; what must not happen is a mapping that outlives every reference.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deletedButMapped())
                .as("deleted files still mapped after every pull was released").isEmpty());
    }

    private List<String> deletedButMapped() throws IOException {
        List<String> stillMapped = new ArrayList<>();
        for (String line : mappings().split("\n")) {
            if (line.contains(dir.toString()) && line.endsWith("(deleted)")) {
                stillMapped.add(line);
            }
        }
        return stillMapped;
    }

    private MappedMessageStore startWithBacklog() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "600000");
        // Disk pressure deletes files still within their reserved time only when told to.
        config.put(MessageStoreConfig.CLEAN_FILE_FORCIBLY_ENABLE, "true");
        MappedMessageStore started = start(config, path -> usage.get());
        for (int i = 0; i < 300; i++) {
            assertThat(started.append(single("Unmap", 0, "message " + i + " ".repeat(600)))).isEqualTo(AppendStatus.PUT_OK);
        }
        await().until(() -> started.maxOffsetInQueue("Unmap", 0) == 300);
        return started;
    }

    private List<String> commitLogFiles() throws IOException {
        File[] files = dir.resolve("commitlog").toFile().listFiles();
        List<String> paths = new ArrayList<>();
        for (File file : files) {
            paths.add(file.getCanonicalPath());
        }
        paths.sort(null);
        assertThat(paths).hasSizeGreaterThan(2);
        String maps = mappings();
        assertThat(paths).allMatch(maps::contains);
        return paths;
    }

    private static List<String> deletedSince(List<String> paths) {
        return paths.stream().filter(p -> !new File(p).exists()).toList();
    }

    private static String mappings() throws IOException {
        return Files.readString(Path.of("/proc/self/maps"));
    }
}
