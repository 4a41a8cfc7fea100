package io.apogee.broker.timer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimerIndexTest {

    @TempDir
    Path dir;

    @Test
    void entriesComeOutByDueTimeAndSurviveAReload() {
        Path file = dir.resolve("timerIndex.dat");
        TimerIndex index = new TimerIndex(file);
        index.add(3_000, 30);
        index.add(1_000, 10);
        index.add(1_000, 11);
        index.add(2_000, 20);
        index.scannedOffset(4);
        index.persist();

        TimerIndex reloaded = new TimerIndex(file);
        assertThat(reloaded.size()).isEqualTo(4);
        assertThat(reloaded.scannedOffset()).isEqualTo(4);
        assertThat(reloaded.nextDue()).isEqualTo(1_000);
        assertThat(reloaded.firstDue(999)).isNull();
        assertThat(reloaded.firstDue(1_500).getValue()).containsExactly(10L, 11L);
        reloaded.remove(1_000, 10);
        reloaded.remove(1_000, 11);
        assertThat(reloaded.nextDue()).isEqualTo(2_000);
        reloaded.persist();
        assertThat(new TimerIndex(file).size()).isEqualTo(2);
    }

    @Test
    void aFileThatIsNotAnIndexIsRefused() throws Exception {
        Path file = dir.resolve("timerIndex.dat");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertThatThrownBy(() -> new TimerIndex(file)).hasMessageContaining("bad magic");
    }
}
