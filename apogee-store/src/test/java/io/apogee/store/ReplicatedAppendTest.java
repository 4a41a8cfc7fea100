package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static io.apogee.store.StoreFixture.decodeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A slave's store fed with a master's commit-log bytes, as replication feeds it. */
class ReplicatedAppendTest {

    private static final int BATCH = 8 * 1024;

    @TempDir
    Path dir;

    private MappedMessageStore master;
    private MappedMessageStore slave;

    @AfterEach
    void stop() {
        if (slave != null) {
            slave.shutdown();
        }
        if (master != null) {
            master.shutdown();
        }
    }

    private void startBoth() throws Exception {
        master = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("master")));
        slave = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("slave")));
    }

    private void fillMaster(int count) {
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[1_000 + random.nextInt(4_000)];
            random.nextBytes(body);
            assertThat(master.append(StoreFixture.single("T", i % 2, body, Map.of("KEYS", "k" + i))))
                    .isEqualTo(AppendStatus.PUT_OK);
        }
    }

    /** Copies the master's log to the slave the way a shipper and a slave do, batch by batch. */
    private void replicate() {
        replicateFrom(slave.commitLogMaxOffset());
    }

    private void replicateFrom(long start) {
        ByteBuffer buffer = ByteBuffer.allocate(BATCH + 16384);
        long next = start;
        while (true) {
            int covered = master.copyCommitLog(next, BATCH, buffer.clear());
            if (covered == 0) {
                return;
            }
            long end = slave.appendReplicated(next, buffer.flip());
            assertThat(end).isEqualTo(next + covered);
            next = end;
        }
    }

    @Test
    void aSlaveBecomingMasterContinuesEachQueuesOffsetsAfterTheReplicatedMessages() throws Exception {
        startBoth();
        fillMaster(10);
        replicate();
        slave.continueQueueOffsets();
        assertThat(slave.append(StoreFixture.single("T", 0, new byte[] {1}, Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> slave.maxOffsetInQueue("T", 0) == 6);
        GetMessageResult first = slave.getMessage("T", 0, 0, 1, 1 << 20, null);
        assertThat(decodeAll(first)).as("the replicated message at queue offset 0 is still there").hasSize(1);
        GetMessageResult appended = slave.getMessage("T", 0, 5, 1, 1 << 20, null);
        assertThat(decodeAll(appended).get(0).body()).containsExactly(1);
    }

    @Test
    void slaveLogEqualsMastersAcrossFilesAndServesQueuesAndKeys() throws Exception {
        startBoth();
        fillMaster(60);
        assertThat(master.commitLogMaxOffset()).isGreaterThan(2L * StoreFixture.COMMIT_LOG_FILE);
        replicate();
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
        for (long from = 0; from < master.commitLogMaxOffset(); from += StoreFixture.COMMIT_LOG_FILE) {
            String name = String.format("%020d", from);
            assertThat(Files.readAllBytes(dir.resolve("slave/commitlog").resolve(name)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("master/commitlog").resolve(name)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> slave.maxOffsetInQueue("T", 0) == 30
                && slave.maxOffsetInQueue("T", 1) == 30);
        GetMessageResult fromSlave = slave.getMessage("T", 1, 0, 30, 1 << 20, null);
        GetMessageResult fromMaster = master.getMessage("T", 1, 0, 30, 1 << 20, null);
        assertThat(decodeAll(fromSlave).stream().map(m -> Arrays.hashCode(m.body())).toList())
                .isEqualTo(decodeAll(fromMaster).stream().map(m -> Arrays.hashCode(m.body())).toList());
        fromSlave.release();
        fromMaster.release();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> slave.queryMessage("T", "k41", 5, 0, Long.MAX_VALUE).size() == 1);
    }

    @Test
    void aFreshStorePreparesItsFirstFileBeforeTheFirstAppend() throws Exception {
        startBoth();
        Path first = dir.resolve("master/commitlog").resolve(String.format("%020d", 0));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(first) && Files.size(first) == StoreFixture.COMMIT_LOG_FILE);
        fillMaster(3);
        assertThat(master.commitLogMaxOffset()).isPositive();
    }

    @Test
    void aSlavePreparesItsNextFileOnceTheCurrentOneIsHalfFull() throws Exception {
        startBoth();
        Random random = new Random(11);
        while (master.commitLogMaxOffset() <= StoreFixture.COMMIT_LOG_FILE * 3L / 4) {
            byte[] body = new byte[2_000];
            random.nextBytes(body);
            assertThat(master.append(StoreFixture.single("T", 0, body, Map.of()))).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(master.commitLogMaxOffset()).isLessThan(StoreFixture.COMMIT_LOG_FILE);
        replicate();

        Path next = dir.resolve("slave/commitlog").resolve(String.format("%020d", StoreFixture.COMMIT_LOG_FILE));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(next) && Files.size(next) == StoreFixture.COMMIT_LOG_FILE);
    }

    @Test
    void restartedSlaveKeepsItsLogAndContinuesFromItsEnd() throws Exception {
        startBoth();
        fillMaster(20);
        replicate();
        long end = slave.commitLogMaxOffset();
        slave.shutdown();
        slave = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("slave")));
        assertThat(slave.commitLogMaxOffset()).isEqualTo(end);
        fillMaster(20);
        replicate();
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
    }

    @Test
    void bytesThatDoNotContinueTheLogAreRefusedAndNothingIsWritten() throws Exception {
        startBoth();
        fillMaster(3);
        ByteBuffer buffer = ByteBuffer.allocate(BATCH + 16384);
        master.copyCommitLog(0, BATCH, buffer);
        buffer.flip();
        assertThatThrownBy(() -> slave.appendReplicated(100, buffer.duplicate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start at offset 100 but this commit log ends at 0");
        ByteBuffer partial = buffer.duplicate().limit(buffer.limit() - 3);
        assertThatThrownBy(() -> slave.appendReplicated(0, partial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not whole records");
        ByteBuffer garbage = ByteBuffer.allocate(64);
        garbage.putInt(0, 64).putInt(4, 0x12345678);
        assertThatThrownBy(() -> slave.appendReplicated(0, garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown record magic");
        assertThat(slave.commitLogMaxOffset()).isZero();
        assertThat(slave.appendReplicated(0, buffer)).as("good bytes still go in").isEqualTo(buffer.limit());
    }

    @Test
    void anEmptyLogMayBeginAtAFileOfTheMastersLogAndKeepsThatStartAcrossARestart() throws Exception {
        startBoth();
        fillMaster(60);
        long start = StoreFixture.COMMIT_LOG_FILE;
        assertThatThrownBy(() -> slave.appendReplicated(start + 8, ByteBuffer.allocate(0)))
                .as("only a file's first offset").hasMessageContaining("this commit log ends at 0");
        replicateFrom(start);
        assertThat(slave.commitLogMinOffset()).isEqualTo(start);
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
        long firstQueued = master.queueEntries("T", 0, 0, 60).stream()
                .filter(entry -> entry.commitLogOffset() >= start).findFirst().orElseThrow().queueOffset();
        await().atMost(Duration.ofSeconds(10)).until(() -> slave.maxOffsetInQueue("T", 0) == 30);
        assertThat(slave.minOffsetInQueue("T", 0)).isEqualTo(firstQueued);

        slave.shutdown();
        slave = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("slave")));
        assertThat(slave.commitLogMinOffset()).isEqualTo(start);
        assertThat(slave.minOffsetInQueue("T", 0)).isEqualTo(firstQueued);
        assertThatThrownBy(() -> slave.appendReplicated(0, ByteBuffer.allocate(0)))
                .as("a log that holds bytes continues only at its end").isInstanceOf(IllegalArgumentException.class);
        fillMaster(10);
        replicate();
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
    }

    @Test
    void copyingFromTheMiddleOfARecordFails() throws Exception {
        startBoth();
        fillMaster(2);
        assertThatThrownBy(() -> master.copyCommitLog(5, BATCH, ByteBuffer.allocate(BATCH)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no record at file position 5");
    }

    @Test
    void underSyncFlushASlaveReturnsOnlyOnceTheReplicatedBytesAreForced() throws Exception {
        master = StoreFixture.start(StoreFixture.smallConfig(dir.resolve("master")));
        Map<String, String> config = StoreFixture.smallConfig(dir.resolve("slave"));
        config.put(MessageStoreConfig.FLUSH_DISK_TYPE, "SYNC_FLUSH");
        slave = StoreFixture.start(config);
        fillMaster(10);
        ByteBuffer buffer = ByteBuffer.allocate(BATCH + 16384);
        long next = 0;
        for (int covered; (covered = master.copyCommitLog(next, BATCH, buffer.clear())) > 0; next += covered) {
            long end = slave.appendReplicated(next, buffer.flip());
            // What the slave reports is what it holds on disk.
            assertThat(slave.flusher().flushedOffset()).isGreaterThanOrEqualTo(end);
        }
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
    }
}
