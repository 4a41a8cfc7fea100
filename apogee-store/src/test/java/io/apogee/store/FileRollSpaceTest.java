package io.apogee.store;

import io.apogee.store.file.MappedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit-log roll that the disk cannot back is refused before anything is written, with the cause kept,
 * and appends resume by themselves once the file can be created. The free space and the allocation failure
 * are injected, so this runs everywhere; {@code SmallFileSystemTest} does the same on a real full disk.
 */
class FileRollSpaceTest {

    private static final int BODY = 1000;

    @TempDir
    Path dir;
    MappedMessageStore store;
    final AtomicLong usable = new AtomicLong(Long.MAX_VALUE);

    private final DiskUsageSource space = lightlyUsed(path -> usable.get());

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    /** Appends until the first refusal (or {@code max}); returns how many were stored. */
    private int appendUntilRefused(int max, AppendStatus expected) {
        for (int i = 0; i < max; i++) {
            AppendStatus status = store.append(single("Roll", 0, new byte[BODY], Map.of()));
            if (status != AppendStatus.PUT_OK) {
                assertThat(status).isEqualTo(expected);
                return i;
            }
        }
        return max;
    }

    @Test
    void rollWithoutRoomAnswersDiskFullKeepsReadsAndResumesWhenSpaceReturns() throws Exception {
        store = start(smallConfig(dir), space);
        assertThat(store.append(single("Roll", 0, new byte[BODY], Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        usable.set(COMMIT_LOG_FILE - 1);
        int stored = 1 + appendUntilRefused(1000, AppendStatus.DISK_FULL);
        assertThat(stored).as("the first file has room, the roll does not").isGreaterThan(1).isLessThan(1000);
        assertThat(store.append(single("Roll", 0, new byte[BODY], Map.of()))).isEqualTo(AppendStatus.DISK_FULL);
        assertThat(listFiles()).hasSize(1);
        await().until(() -> store.maxOffsetInQueue("Roll", 0) == stored);
        assertThat(store.getMessage("Roll", 0, 0, 32, 1 << 20, null).messageCount()).isEqualTo(Math.min(32, stored));

        usable.set(Long.MAX_VALUE);
        assertThat(appendUntilRefused(100, AppendStatus.PUT_OK)).isEqualTo(100);
        assertThat(listFiles()).hasSizeGreaterThan(1);
        store.shutdown();
        store = start(smallConfig(dir), space);
        assertThat(store.maxOffsetInQueue("Roll", 0)).isEqualTo(stored + 100);
    }

    @Test
    void failedAllocationKeepsItsCauseAndLeavesNoFileBehind() throws Exception {
        store = start(smallConfig(dir), space);
        // A directory where the next file must go makes its creation fail with an IOException.
        Path blocker = dir.resolve("commitlog").resolve(MappedFile.fileName(COMMIT_LOG_FILE));
        Files.createDirectories(blocker);
        int stored = appendUntilRefused(1000, AppendStatus.CREATE_MAPPED_FILE_FAILED);
        assertThat(stored).isPositive();
        Exception cause = store.commitLogRollFailure();
        assertThat(cause).isNotNull().hasRootCauseInstanceOf(java.io.IOException.class)
                .hasStackTraceContaining(MappedFile.fileName(COMMIT_LOG_FILE));
        assertThat(listFiles()).hasSize(1);

        Files.delete(blocker);
        assertThat(appendUntilRefused(100, AppendStatus.PUT_OK)).isEqualTo(100);
        assertThat(store.commitLogRollFailure()).isNull();
        await().until(() -> store.maxOffsetInQueue("Roll", 0) == stored + 100);
    }

    @Test
    void nextFileIsAllocatedAheadAndAnUnusedOneIsRemovedAtShutdown() throws Exception {
        store = start(smallConfig(dir), space);
        Path next = dir.resolve("commitlog").resolve(MappedFile.fileName(COMMIT_LOG_FILE));
        while (store.commitLogMaxOffset() <= COMMIT_LOG_FILE / 2) {
            assertThat(store.append(single("Roll", 0, new byte[BODY], Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(store.append(single("Roll", 0, new byte[BODY], Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        await().until(() -> Files.exists(next) && Files.size(next) == COMMIT_LOG_FILE);
        assertThat(store.commitLogMaxOffset()).isLessThan(COMMIT_LOG_FILE);
        store.shutdown();
        store = null;
        assertThat(next).doesNotExist();

        store = start(smallConfig(dir), space);
        long stored = store.maxOffsetInQueue("Roll", 0);
        AppendRequest request;
        do {
            request = single("Roll", 0, new byte[BODY], Map.of());
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
        } while (request.physicalOffset < COMMIT_LOG_FILE);
        assertThat(next).exists();
        store.shutdown();
        store = start(smallConfig(dir), space);
        assertThat(store.maxOffsetInQueue("Roll", 0)).isEqualTo(request.queueOffset + 1).isGreaterThan(stored);
    }

    private File[] listFiles() {
        return dir.resolve("commitlog").toFile().listFiles(File::isFile);
    }
}
