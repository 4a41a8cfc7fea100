package io.apogee.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of the fault harness that runs in the build: a real three-replica cluster of separate
 * processes (SYNC_MASTER, SYNC_FLUSH) behind relays, the official client sending, its master killed, cut off
 * and killed together with the controller leader, once each; every acknowledged message must be read back and
 * none invented. The long version is {@code apogee faults} (every fault, 20 rounds).
 */
class FaultHarnessTest {

    /** The faults that take a master away in the three ways that matter: killed, cut off, killed with the leader. */
    private static final List<FaultHarness.Fault> FAULTS = List.of(FaultHarness.Fault.MASTER_KILL,
            FaultHarness.Fault.MASTER_CUT, FaultHarness.Fault.LEADER_AND_MASTER_KILL);

    @TempDir
    Path dir;

    @Test
    void losingTheMasterUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // Below the usual ephemeral range (32768+) and above FixedPorts' (10000-19999): nothing else binds there.
        int base = 20_000 + 100 * ThreadLocalRandom.current().nextInt(100);
        try (LocalCluster cluster = new LocalCluster(new LocalClusterLayout(dir, base, "SYNC_MASTER", true), "96m")) {
            assertThat(cluster.startAll()).as("every member starts").isTrue();
            FaultVerdict verdict = new FaultHarness(cluster, new PrintStream(printed, true, StandardCharsets.UTF_8), "official")
                    .run(FAULTS, 1, 2, 40);
            verdict.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
            String report = printed.toString(StandardCharsets.UTF_8);
            assertThat(verdict.acknowledged()).as(report).isGreaterThan(100);
            assertThat(verdict.lost()).as(report).isEmpty();
            assertThat(verdict.invented()).as(report).isEmpty();
            for (FaultHarness.Fault fault : FAULTS) {
                assertThat(verdict.faults().get(fault.label()).rounds()).as(report).isEqualTo(1);
                assertThat(verdict.faults().get(fault.label()).recoveryMillis()).as(report).allMatch(r -> r >= 0);
            }
        }
    }
}
