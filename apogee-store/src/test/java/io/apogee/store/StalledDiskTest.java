package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A disk whose force stalls: SYNC_FLUSH appends wait for it only up to the configured bound, later ones are
 * refused before anything is written, and every append that waited is stored once the disk comes back.
 */
class StalledDiskTest {

    private static final int MAX_WAITERS = 50;

    @TempDir
    Path dir;
    private MappedMessageStore store;
    private final StallingDisk disk = new StallingDisk();

    @AfterEach
    void stop() {
        disk.comeBack();
        if (store != null) {
            store.shutdown();
        }
    }

    /** Starts a SYNC_FLUSH store on {@link #disk}; forces pass until the test stalls the disk. */
    private void startOnStallingDisk(Map<String, String> config) throws Exception {
        config.put(MessageStoreConfig.FLUSH_DISK_TYPE, "SYNC_FLUSH");
        config.putIfAbsent(MessageStoreConfig.SYNC_FLUSH_TIMEOUT, "60000");
        store = new MappedMessageStore(MessageStoreConfig.from(config), STORE_HOST, path -> 0.1, disk);
        store.start();
    }

    @Test
    void sendsPastTheWaiterBoundAreRefusedUnwrittenAndTheWaitersAreStoredWhenTheDiskReturns() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.SYNC_FLUSH_MAX_WAITERS, Integer.toString(MAX_WAITERS));
        startOnStallingDisk(config);
        disk.stall();

        List<CompletableFuture<AppendStatus>> waiting = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            long before = store.commitLogMaxOffset();
            CompletableFuture<AppendStatus> result = store.appendAsync(single("Stalled", 0, "m" + i));
            if (result.isDone() && result.join() == AppendStatus.FLUSH_BACKLOG_FULL) {
                refused++;
                assertThat(store.commitLogMaxOffset()).as("a refused send writes nothing").isEqualTo(before);
            } else {
                waiting.add(result);
            }
        }
        assertThat(waiting).hasSizeLessThanOrEqualTo(MAX_WAITERS + 1);
        assertThat(refused).isEqualTo(500 - waiting.size());
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        disk.comeBack();
        for (CompletableFuture<AppendStatus> result : waiting) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        await().until(() -> store.maxOffsetInQueue("Stalled", 0) == waiting.size());
        Set<String> bodies = new HashSet<>();
        for (long offset = 0; offset < waiting.size(); ) {
            GetMessageResult read = store.getMessage("Stalled", 0, offset, 32, 1 << 24, null);
            decodeAll(read).forEach(m -> bodies.add(text(m)));
            offset = read.nextBeginOffset();
        }
        assertThat(bodies).hasSize(waiting.size()).contains("m0");
        assertThat(store.appendAsync(single("Stalled", 0, "after")).get(30, TimeUnit.SECONDS))
                .isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void unforcedBytesAreBoundedToo() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.SYNC_FLUSH_MAX_PENDING_BYTES, Integer.toString(8 * 1024));
        startOnStallingDisk(config);
        disk.stall();

        int accepted = 0;
        AppendStatus last = null;
        for (int i = 0; i < 200 && last != AppendStatus.FLUSH_BACKLOG_FULL; i++) {
            CompletableFuture<AppendStatus> result = store.appendAsync(single("Bytes", 0, "x".repeat(512)));
            last = result.isDone() ? result.join() : null;
            if (last == null) {
                accepted++;
            }
        }
        assertThat(last).isEqualTo(AppendStatus.FLUSH_BACKLOG_FULL);
        assertThat((long) accepted * 512).isBetween(7L * 1024, 9L * 1024 + 1024);
    }

    @Test
    void aShutdownWhoseFlusherIsStuckLeavesNoCleanMarkerAndTheNextStartRecovers() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.SYNC_FLUSH_TIMEOUT, "200");
        startOnStallingDisk(config);
        assertThat(store.append(single("Stuck", 0, "forced before the stall"))).isEqualTo(AppendStatus.PUT_OK);
        disk.stall();
        CompletableFuture<AppendStatus> stuck = store.appendAsync(single("Stuck", 0, "written, never forced"));
        assertThat(disk.awaitStuck(30)).as("the flusher is inside a stuck force").isTrue();

        store.shutdown();
        store = null;
        assertThat(dir.resolve(MappedMessageStore.CLEAN_MARKER)).as("no clean marker after a stuck flusher")
                .doesNotExist();
        assertThat(stuck.get(5, TimeUnit.SECONDS)).as("the stuck send is not acknowledged")
                .isNotEqualTo(AppendStatus.PUT_OK);
        assertThat(disk.forcers()).as("only the flusher thread forced; the shutdown did not force on its own thread")
                .allSatisfy(thread -> assertThat(thread.getName()).isEqualTo("apogee-store-flusher"))
                .doesNotContain(Thread.currentThread());
        int begun = disk.forces();

        disk.comeBack();
        await().until(() -> disk.forcers().stream().noneMatch(Thread::isAlive));
        assertThat(disk.forces()).as("the abandoned flusher ends after its stuck force: no last force of a close")
                .isEqualTo(begun);
        store = start(config);
        await().until(() -> store.maxOffsetInQueue("Stuck", 0) >= 1);
        assertThat(text(decodeAll(store.getMessage("Stuck", 0, 0, 1, 1 << 20, null)).get(0)))
                .isEqualTo("forced before the stall");
    }
}
