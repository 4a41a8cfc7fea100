package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.apogee.store.StoreFixture.decodeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A store whose log grew a tail its new master never had (a former master): cut back to the divergence point,
 * it continues the master's log byte for byte, and its queues and keys serve only the master's messages,
 * also after a restart.
 */
class TruncateCommitLogTest {

    private static final int BATCH = 8 * 1024;

    @TempDir
    Path dir;

    private MappedMessageStore master;
    private MappedMessageStore former;

    @AfterEach
    void stop() {
        if (former != null) {
            former.shutdown();
        }
        if (master != null) {
            master.shutdown();
        }
    }

    private static void fill(MappedMessageStore store, String prefix, int from, int count) {
        for (int i = from; i < from + count; i++) {
            byte[] body = (prefix + i + "-").repeat(200).getBytes();
            assertThat(store.append(StoreFixture.single("T", i % 2, body, Map.of("KEYS", prefix + i))))
                    .isEqualTo(AppendStatus.PUT_OK);
        }
    }

    private void replicate() {
        ByteBuffer buffer = ByteBuffer.allocate(BATCH + 16384);
        long next = former.commitLogMaxOffset();
        int covered;
        while ((covered = master.copyCommitLog(next, BATCH, buffer.clear())) > 0) {
            next = former.appendReplicated(next, buffer.flip());
        }
    }

    private List<String> bodies(MappedMessageStore store, int queueId) {
        GetMessageResult result = store.getMessage("T", queueId, 0, 1_000, 64 << 20, null);
        try {
            return decodeAll(result).stream().map(m -> new String(m.body()).split("-")[0]).toList();
        } finally {
            result.release();
        }
    }

    @Test
    void aCutLogContinuesTheMastersAndItsQueuesServeOnlyTheMastersMessages() throws Exception {
        master = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("master")));
        former = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("former")));
        fill(master, "m", 0, 20);
        replicate();
        long common = former.commitLogMaxOffset();
        // Restarted as a master (recovery sets its queue offsets), it takes writes the master never sees.
        await().atMost(Duration.ofSeconds(10)).until(() -> former.maxOffsetInQueue("T", 0) == 10);
        former.shutdown();
        former = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("former")));
        fill(former, "tail", 20, 100);
        assertThat(former.commitLogMaxOffset()).isGreaterThan(common + StoreFixture.COMMIT_LOG_FILE);
        await().atMost(Duration.ofSeconds(10)).until(() -> former.maxOffsetInQueue("T", 0) == 60);
        fill(master, "m", 20, 10);

        assertThat(former.truncateCommitLog(common)).isEqualTo(common);
        assertThat(former.commitLogMaxOffset()).isEqualTo(common);
        assertThat(former.maxOffsetInQueue("T", 0)).isEqualTo(10);
        assertThat(former.queryMessage("T", "tail21", 5, 0, Long.MAX_VALUE)).isEmpty();
        replicate();

        assertThat(former.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
        for (long from = 0; from < master.commitLogMaxOffset(); from += StoreFixture.COMMIT_LOG_FILE) {
            String name = String.format("%020d", from);
            assertThat(Files.readAllBytes(dir.resolve("former/commitlog").resolve(name)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("master/commitlog").resolve(name)));
        }
        // Beyond the master's last file the former may hold only the file it prepares next, never one prepared
        // for the end it had before the cut.
        long lastFile = master.commitLogMaxOffset() / StoreFixture.COMMIT_LOG_FILE * StoreFixture.COMMIT_LOG_FILE;
        try (Stream<Path> files = Files.list(dir.resolve("former/commitlog"))) {
            assertThat(files.map(f -> Long.parseLong(f.getFileName().toString())).filter(start -> start > lastFile))
                    .isSubsetOf(lastFile + StoreFixture.COMMIT_LOG_FILE);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> former.maxOffsetInQueue("T", 0) == 15
                && former.maxOffsetInQueue("T", 1) == 15);
        assertThat(bodies(former, 0)).isEqualTo(bodies(master, 0));
        assertThat(bodies(former, 1)).isEqualTo(bodies(master, 1));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> former.queryMessage("T", "m25", 5, 0, Long.MAX_VALUE).size() == 1);
        assertThat(former.queryMessage("T", "tail25", 5, 0, Long.MAX_VALUE)).isEmpty();

        former.shutdown();
        former = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("former")));
        assertThat(former.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
        assertThat(bodies(former, 0)).isEqualTo(bodies(master, 0));
        assertThat(bodies(former, 1)).isEqualTo(bodies(master, 1));
    }

    @Test
    void aCutBeforeTheLogsBeginningIsRefusedAndACutPastItsEndChangesNothing() throws Exception {
        former = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("former")));
        fill(former, "m", 0, 5);
        long end = former.commitLogMaxOffset();
        assertThat(former.truncateCommitLog(end + 100)).isEqualTo(end);
        assertThat(former.truncateCommitLog(end)).isEqualTo(end);
        assertThat(former.commitLogMaxOffset()).isEqualTo(end);
        assertThatThrownBy(() -> former.truncateCommitLog(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(former.append(StoreFixture.single("T", 0, "after"))).isEqualTo(AppendStatus.PUT_OK);
    }
}
