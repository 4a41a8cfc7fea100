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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncFlushStoreTest {

    @TempDir
    Path dir;
    MappedMessageStore store;
    ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void concurrentSyncAppendsAreAllAcknowledgedAndReadable() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.FLUSH_DISK_TYPE, "SYNC_FLUSH");
        store = start(config);
        pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> offsets = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            offsets.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    AppendRequest request = single("Sync", 0, "t" + thread + "-" + i);
                    if (store.append(request) != AppendStatus.PUT_OK) {
                        return -1L;
                    }
                    assertThat(store.commitLogMaxOffset()).isGreaterThanOrEqualTo(request.endOffset);
                }
                return 0L;
            }));
        }
        for (Future<Long> f : offsets) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
        }
        CompletableFuture<AppendStatus> async = store.appendAsync(single("Sync", 0, "async"));
        assertThat(async.get(5, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        await().until(() -> store.maxOffsetInQueue("Sync", 0) == 401);
        Set<String> bodies = new HashSet<>();
        long offset = 0;
        for (int guard = 0; guard < 100 && offset < 401; guard++) {
            GetMessageResult result = store.getMessage("Sync", 0, offset, 32, 1 << 20, null);
            decodeAll(result).stream().map(StoreFixture::text).forEach(bodies::add);
            offset = result.nextBeginOffset();
        }
        assertThat(bodies).hasSize(401).contains("t7-49", "async");
    }

    @Test
    void appendsAfterShutdownAreRefused() throws Exception {
        store = start(smallConfig(dir));
        store.shutdown();
        assertThat(store.append(single("T", 0, "late"))).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        store = null;
    }
}
