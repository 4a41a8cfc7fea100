package io.apogee.store;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AppendAllocationTest {

    @TempDir
    Path dir;
    MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void asyncAppendPathAllocatesNothingPerMessage() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(64 * 1024 * 1024));
        store = start(config);
        AppendRequest request = single("Alloc", 3, new byte[200], Map.of("TAGS", "t", "KEYS", "a b"));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            store.append(request);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int appends = 20_000;
        int failures = 0;
        for (int i = 0; i < appends; i++) {
            if (store.append(request) != AppendStatus.PUT_OK) {
                failures++;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(failures).isZero();
        // A few hundred bytes may come from the measurement itself; one allocation per message would be >= 320 KB.
        assertThat(allocated).isLessThan(appends * 4L);
    }

    @Test
    void dispatcherAllocatesNothingPerMessageOnceTopicsAndQueuesAreKnown() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(64 * 1024 * 1024));
        config.put(MessageStoreConfig.MAPED_FILE_SIZE_CONSUME_QUEUE, Integer.toString(20 * 100_000));
        config.put(MessageStoreConfig.MAX_HASH_SLOT_NUM, "100000");
        config.put(MessageStoreConfig.MAX_INDEX_NUM, "400000");
        // No periodic queue flush and checkpoint inside the measured window (that work is per interval, not per message).
        config.put(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "600000");
        store = start(config);
        AtomicLong told = new AtomicLong();
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> told.incrementAndGet());
        // ASCII and non-ASCII topics, tags and keys, several keys and a UNIQ_KEY, several queues.
        AppendRequest[] requests = {
            single("AllocA", 0, new byte[100], Map.of("TAGS", "TagA", "KEYS", "k1 k2", "UNIQ_KEY", "0A0B0C0D")),
            single("AllocA", 1, new byte[100], Map.of("TAGS", "标签", "KEYS", "clé 🔑")),
            single("Tópico", 2, new byte[100], Map.of("TAGS", "\uD83D\uDE00", "KEYS", "  spaced  keys ")),
            single("AllocB", 3, new byte[100], Map.of()),
        };
        int rounds = 5_000;
        appendRounds(requests, rounds);
        awaitDispatched(requests, rounds);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long dispatcher = store.dispatcherThread().getId();
        long before = threads.getThreadAllocatedBytes(dispatcher);
        appendRounds(requests, rounds);
        awaitDispatched(requests, 2 * rounds);
        long allocated = threads.getThreadAllocatedBytes(dispatcher) - before;
        int messages = rounds * requests.length;
        assertThat(told.get()).isEqualTo(2L * messages);
        // One String per message would be >= 24 bytes each (480 KB); allow for noise of the measurement only.
        assertThat(allocated).as("bytes allocated by the dispatcher for %d messages", messages).isLessThan(messages);
        // The byte-level hashes match the String-based query side.
        assertThat(store.queryMessage("AllocA", "🔑", 1, 0, Long.MAX_VALUE)).hasSize(1);
        assertThat(store.queryMessage("Tópico", "spaced", 1, 0, Long.MAX_VALUE)).hasSize(1);
        assertThat(store.queryMessage("AllocA", "0A0B0C0D", 1, 0, Long.MAX_VALUE)).hasSize(1);
        GetMessageResult byTag = store.getMessage("AllocA", 1, 0, 1, 1 << 20, new long[] {"标签".hashCode()});
        assertThat(byTag.messageCount()).isEqualTo(1);
    }

    private void appendRounds(AppendRequest[] requests, int rounds) {
        for (int i = 0; i < rounds; i++) {
            for (AppendRequest request : requests) {
                assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
            }
        }
    }

    private void awaitDispatched(AppendRequest[] requests, long perQueue) {
        for (AppendRequest request : requests) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> store.maxOffsetInQueue(request.topic, request.queueId) == perQueue);
        }
    }
}
