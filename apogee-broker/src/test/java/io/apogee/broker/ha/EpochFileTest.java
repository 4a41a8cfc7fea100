package io.apogee.broker.ha;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The epoch file: durable entries that only grow, and the divergence point two histories give. */
class EpochFileTest {

    @TempDir
    Path dir;

    private static TransferFrames.Hello master(long end, long... epochStarts) {
        int[] epochs = new int[epochStarts.length / 2];
        long[] starts = new long[epochs.length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = (int) epochStarts[2 * i];
            starts[i] = epochStarts[2 * i + 1];
        }
        return new TransferFrames.Hello(epochs, starts, end);
    }

    @Test
    void entriesSurviveAReloadAndOnlyNewerEpochsAreAdded() {
        EpochFile file = EpochFile.load(dir);
        assertThat(file.lastEpoch()).isEqualTo(-1);
        assertThat(file.append(1, 0)).isTrue();
        assertThat(file.append(3, 500)).isTrue();
        assertThat(file.append(3, 900)).isFalse();
        assertThat(file.append(2, 900)).isFalse();
        assertThatThrownBy(() -> file.append(4, 100)).isInstanceOf(IllegalArgumentException.class);
        EpochFile again = EpochFile.load(dir);
        assertThat(again.entries()).isDeepEqualTo(new long[][] {{1, 0}, {3, 500}});
        assertThat(again.epochAt(499)).isEqualTo(1);
        assertThat(again.epochAt(500)).isEqualTo(3);
        assertThat(again.nextEpochStart(10)).isEqualTo(500);
        assertThat(again.nextEpochStart(500)).isEqualTo(Long.MAX_VALUE);
        again.truncateFrom(500);
        assertThat(EpochFile.load(dir).entries()).isDeepEqualTo(new long[][] {{1, 0}});
    }

    @Test
    void aMalformedFileIsRefusedWithItsLine() throws Exception {
        Files.writeString(dir.resolve(EpochFile.FILE_NAME), "1 0\n0 40\n");
        assertThatThrownBy(() -> EpochFile.load(dir)).hasMessageContaining("line 2");
        Files.writeString(dir.resolve(EpochFile.FILE_NAME), "one 0\n");
        assertThatThrownBy(() -> EpochFile.load(dir)).hasMessageContaining("line 1");
    }

    @Test
    void aFormerMastersTailIsCutWhereTheNewMastersEpochBegins() {
        EpochFile local = EpochFile.load(dir);
        local.append(1, 0);
        // The former master wrote epoch 1 up to 900; the new master had it up to 600 and began epoch 2 there.
        assertThat(DivergencePoint.of(local, 900, master(1_000, 1, 0, 2, 600))).isEqualTo(600);
    }

    @Test
    void aLogThatIsAPrefixOfTheMastersNeedsNoCut() {
        EpochFile local = EpochFile.load(dir);
        local.append(1, 0);
        local.append(2, 600);
        assertThat(DivergencePoint.of(local, 700, master(1_000, 1, 0, 2, 600))).isEqualTo(700);
        assertThat(DivergencePoint.of(local, 700, master(2_000, 1, 0, 2, 600, 3, 1_000))).isEqualTo(700);
    }

    @Test
    void anEpochTheMasterNeverHadIsCutWhole() {
        EpochFile local = EpochFile.load(dir);
        local.append(1, 0);
        local.append(2, 600);
        // This broker was master at epoch 2 but nobody followed it; the master went from 1 to 3 at 650.
        assertThat(DivergencePoint.of(local, 800, master(1_000, 1, 0, 3, 650))).isEqualTo(600);
    }

    @Test
    void aMasterWhoseHistoryBeginsAfterEveryEpochHereAndCoversThisLogSupersedesAllOfIt() {
        EpochFile local = EpochFile.load(dir);
        local.append(1, 0);
        // The slave that became master at epoch 2 had received nothing of epoch 1, so its history is only <2, 0>.
        assertThat(DivergencePoint.of(local, 0, master(0, 2, 0))).isZero();
        assertThat(DivergencePoint.of(local, 300, master(500, 2, 0))).as("bytes of epoch 1 no replica holds")
                .isZero();
        assertThat(DivergencePoint.of(local, 300, master(900, 2, 200))).as("the master's history begins past "
                + "this log's first bytes: what it had below 200 is unknown").isEqualTo(-1);
    }

    @Test
    void historiesWithNoCommonEpochGiveNoPoint() {
        EpochFile local = EpochFile.load(dir);
        local.append(5, 0);
        assertThat(DivergencePoint.of(local, 100, master(1_000, 1, 0))).isEqualTo(-1);
        assertThat(DivergencePoint.of(EpochFile.load(dir.resolve("empty")), 0, master(1_000, 1, 0))).isZero();
    }
}
