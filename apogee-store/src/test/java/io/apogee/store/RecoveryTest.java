package io.apogee.store;

import io.apogee.protocol.message.StoredMessage;
import io.apogee.store.file.MappedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RecoveryTest {

    @TempDir
    Path dir;
    MappedMessageStore store;
    final List<long[]> written = new ArrayList<>();

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private void fill(int count) {
        int first = written.size();
        for (int i = first; i < first + count; i++) {
            AppendRequest request = single("Rec", 0, new byte[700 + i], Map.of("i", Integer.toString(i)));
            assertThat(store.append(request)).isEqualTo(AppendStatus.PUT_OK);
            written.add(new long[] {request.physicalOffset, request.wroteBytes});
        }
        await().until(() -> store.maxOffsetInQueue("Rec", 0) == written.size());
    }

    private List<StoredMessage> readAll() {
        List<StoredMessage> all = new ArrayList<>();
        long offset = store.minOffsetInQueue("Rec", 0);
        for (int guard = 0; guard < 1000; guard++) {
            GetMessageResult result = store.getMessage("Rec", 0, offset, 32, 1 << 20, null);
            if (result.status() != GetMessageStatus.FOUND) {
                break;
            }
            all.addAll(decodeAll(result));
            offset = result.nextBeginOffset();
        }
        return all;
    }

    /** Simulates a crash after a clean run: the marker is removed, then the given bytes are damaged. */
    private void crashAndDamage(long physicalOffset, byte[] bytes) throws Exception {
        crashAndDamage(physicalOffset, bytes, true);
    }

    /**
     * As above; with {@code beforeFirstCheckpoint} the checkpoint is removed too, as after a crash before the
     * first checkpoint, so the whole log is checked.
     */
    private void crashAndDamage(long physicalOffset, byte[] bytes, boolean beforeFirstCheckpoint) throws Exception {
        store.shutdown();
        store = null;
        Files.delete(dir.resolve(MappedMessageStore.CLEAN_MARKER));
        if (beforeFirstCheckpoint) {
            Files.delete(dir.resolve("checkpoint"));
        }
        long fileStart = physicalOffset - physicalOffset % COMMIT_LOG_FILE;
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("commitlog").resolve(MappedFile.fileName(fileStart))
                .toFile(), "rw")) {
            file.seek(physicalOffset - fileStart);
            file.write(bytes);
        }
    }

    private void assertRecoveredUpTo(int intact) throws Exception {
        store = start(smallConfig(dir));
        assertThat(store.maxOffsetInQueue("Rec", 0)).isEqualTo(intact);
        List<StoredMessage> all = readAll();
        assertThat(all).hasSize(intact);
        for (int i = 0; i < intact; i++) {
            assertThat(all.get(i).property("i")).isEqualTo(Integer.toString(i));
            assertThat(all.get(i).body()).hasSize(700 + i);
        }
        assertThat(store.commitLogMaxOffset()).isEqualTo(written.get(intact)[0]);
        assertThat(store.getMessageByOffset(written.get(intact)[0])).isNull();
        AppendRequest next = single("Rec", 0, "after".getBytes(), Map.of());
        assertThat(store.append(next)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(next.queueOffset).isEqualTo(intact);
        assertThat(next.physicalOffset).isEqualTo(written.get(intact)[0]);
    }

    @Test
    void cleanRestartKeepsEverythingAndContinuesOffsets() throws Exception {
        store = start(smallConfig(dir));
        fill(200);
        store.shutdown();
        assertThat(dir.resolve(MappedMessageStore.CLEAN_MARKER)).exists();
        store = start(smallConfig(dir));
        assertThat(dir.resolve(MappedMessageStore.CLEAN_MARKER)).doesNotExist();
        assertThat(readAll()).hasSize(200);
        AppendRequest next = single("Rec", 0, "after");
        assertThat(store.append(next)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(next.queueOffset).isEqualTo(200);
        assertThat(store.queryMessage("Rec", "missing", 1, 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void tornLastRecordIsCutOff() throws Exception {
        store = start(smallConfig(dir));
        fill(100);
        store.shutdown();
        byte[] olderCheckpoint = Files.readAllBytes(dir.resolve("checkpoint"));
        store = start(smallConfig(dir));
        fill(50);
        long[] last = written.get(149);
        crashAndDamage(last[0] + last[1] / 2, new byte[(int) (last[1] - last[1] / 2)], false);
        // A crash leaves the last checkpoint behind what was written after it; recovery checks from there.
        Files.write(dir.resolve("checkpoint"), olderCheckpoint);
        assertRecoveredUpTo(149);
    }

    @Test
    void garbageBytesInTheMiddleCutTheLogThere() throws Exception {
        store = start(smallConfig(dir));
        fill(150);
        byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        crashAndDamage(written.get(120)[0] + 100, garbage);
        assertRecoveredUpTo(120);
    }

    @Test
    void flippedBodyByteFailsTheCrc() throws Exception {
        store = start(smallConfig(dir));
        fill(50);
        crashAndDamage(written.get(40)[0] + written.get(40)[1] - 100, new byte[] {(byte) 0xFF, 0x13});
        assertRecoveredUpTo(40);
    }

    @Test
    void zeroedPageIsRecoveredWithoutCrash() throws Exception {
        store = start(smallConfig(dir));
        fill(150);
        long inside = written.get(100)[0] + 10;
        long page = inside - inside % 4096;
        crashAndDamage(page, new byte[4096]);
        int intact = 0;
        while (written.get(intact)[0] + written.get(intact)[1] <= page) {
            intact++;
        }
        assertRecoveredUpTo(intact);
    }

    @Test
    void aLastFileLeftEmptyByAKillDuringItsCreationDoesNotStopTheRestart() throws Exception {
        store = start(smallConfig(dir));
        fill(20);
        long end = store.commitLogMaxOffset();
        store.shutdown();
        Files.deleteIfExists(dir.resolve(MappedMessageStore.CLEAN_MARKER));
        long next = (end / COMMIT_LOG_FILE + 1) * COMMIT_LOG_FILE;
        Files.createFile(dir.resolve("commitlog").resolve(MappedFile.fileName(next)));

        store = start(smallConfig(dir));
        assertThat(readAll()).hasSize(20);
        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        AppendRequest after = single("Rec", 0, "after the restart");
        assertThat(store.append(after)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(after.physicalOffset).isEqualTo(end);
    }

    @Test
    void aShortFileBeforeTheLastIsStillRefused() throws Exception {
        store = start(smallConfig(dir));
        fill(200);
        store.shutdown();
        store = null;
        Path first = dir.resolve("commitlog").resolve(MappedFile.fileName(0));
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            file.setLength(COMMIT_LOG_FILE / 2);
        }
        assertThatThrownBy(() -> start(smallConfig(dir)))
                .hasMessageContaining("expected " + COMMIT_LOG_FILE);
    }
}
