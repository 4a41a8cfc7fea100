package io.apogee.broker.timer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimerIndexTest {

    @TempDir
    Path dir;

    @Test
    void entriesComeOutByDueTimeAndASnapshotSurvivesAReload() {
        Path file = dir.resolve("timerIndex.dat");
        TimerIndex index = new TimerIndex(file);
        index.add(3_000, 30);
        index.add(1_000, 10);
        index.add(1_000, 11);
        index.add(2_000, 20);
        index.scannedOffset(4);
        index.persist(true);

        TimerIndex reloaded = new TimerIndex(file);
        assertThat(reloaded.size()).isEqualTo(4);
        assertThat(reloaded.scannedOffset()).isEqualTo(4);
        assertThat(reloaded.nextDue()).isEqualTo(1_000);
        assertThat(reloaded.firstDue(999)).isNull();
        assertThat(reloaded.firstDue(1_500).getValue()).containsExactly(10L, 11L);
        reloaded.remove(1_000, 10);
        reloaded.remove(1_000, 11);
        assertThat(reloaded.nextDue()).isEqualTo(2_000);
    }

    @Test
    void deliveriesLoggedSinceTheSnapshotAreNeitherLoadedNorReadAgainFromTheQueue() {
        Path file = dir.resolve("timerIndex.dat");
        TimerIndex index = new TimerIndex(file);
        index.add(1_000, 10);
        index.add(2_000, 20);
        index.scannedOffset(2);
        index.persist(true);
        // After the snapshot: one more read from the queue, and two deliveries logged, not snapshotted.
        index.add(1_500, 15);
        index.scannedOffset(3);
        index.remove(1_000, 10);
        index.remove(1_500, 15);
        assertThat(index.dirty()).isTrue();
        index.persist(false);
        assertThat(index.dirty()).isFalse();
        assertThat(Files.exists(dir.resolve("timerIndex.dat.delivered"))).isTrue();

        TimerIndex reloaded = new TimerIndex(file);
        assertThat(reloaded.scannedOffset()).as("the queue is read again from the snapshot's offset").isEqualTo(2);
        assertThat(reloaded.size()).isEqualTo(1);
        reloaded.add(1_500, 15); // read again from the queue, but already delivered
        assertThat(reloaded.size()).isEqualTo(1);
        assertThat(reloaded.nextDue()).isEqualTo(2_000);

        reloaded.scannedOffset(3);
        reloaded.persist(true);
        assertThat(Files.exists(dir.resolve("timerIndex.dat.delivered"))).isFalse();
        TimerIndex afterSnapshot = new TimerIndex(file);
        assertThat(afterSnapshot.size()).isEqualTo(1);
        assertThat(afterSnapshot.scannedOffset()).isEqualTo(3);
    }

    @Test
    void aTornLastDeliveryRecordIsIgnored() throws Exception {
        Path file = dir.resolve("timerIndex.dat");
        TimerIndex index = new TimerIndex(file);
        index.add(1_000, 10);
        index.add(2_000, 20);
        index.persist(true);
        index.remove(1_000, 10);
        index.persist(false);
        Files.write(dir.resolve("timerIndex.dat.delivered"), new byte[] {0, 0, 0},
                StandardOpenOption.APPEND);
        assertThat(new TimerIndex(file).size()).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotAnIndexIsRefused() throws Exception {
        Path file = dir.resolve("timerIndex.dat");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertThatThrownBy(() -> new TimerIndex(file)).hasMessageContaining("bad magic");
    }
}
