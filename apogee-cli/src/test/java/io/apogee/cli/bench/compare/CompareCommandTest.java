package io.apogee.cli.bench.compare;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.cli.ApogeeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apogee bench compare} end to end with Apogee alone (RocketMQ's jars are not part of the build): it
 * starts a fresh standalone process per round, drives it with a separate {@code apogee bench} process and
 * reports the rounds' medians.
 */
class CompareCommandTest {

    /** Runs {@code apogee bench compare <args>}; returns its exit code. */
    private static int compare(StringWriter out, StringWriter err, String... args) {
        CommandLine line = ApogeeCommand.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "compare";
        System.arraycopy(args, 0, all, 2, args.length);
        return line.execute(all);
    }

    @Test
    void twoRoundsOfApogeeGiveMediansOfEveryFigure(@TempDir Path work) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = compare(out, err, "--systems", "apogee", "--rounds", "2", "--no-pin",
                "--heap", "128m", "--work-dir", work.toString(), "-o", "json",
                "--", "produce", "--threads", "2", "--duration", "2", "--warmup", "1", "--queues", "2");
        assertThat(exit).as(err.toString()).isZero();
        JSONObject result = JSON.parseObject(out.toString());
        JSONObject apogee = result.getJSONObject("systems").getJSONObject("Apogee");
        assertThat(apogee.getJSONObject("rounds").getJSONArray(RunFigures.THROUGHPUT)).hasSize(2);
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.THROUGHPUT)).isPositive();
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.CPU)).isPositive();
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.RSS)).isPositive();
        // The heap and buffers alone: part of the whole resident set, and at least the 128 MiB heap is reserved
        // but not all touched, so only bounds hold.
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.ANON_RSS)).isPositive()
                .isLessThanOrEqualTo(apogee.getJSONObject("medians").getDoubleValue(RunFigures.RSS));
        assertThat(result.getString("pinning")).isEqualTo("none");
        assertThat(work.resolve("round-2-Apogee").resolve("bench.json")).isRegularFile();
    }

    @Test
    void aPreparedBacklogAndAWarmUpConsumeRunFirstAndOnlyTheLastConsumeIsMeasured(@TempDir Path work) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = compare(out, err, "--systems", "apogee", "--rounds", "1", "--no-pin", "--heap", "128m",
                "--work-dir", work.toString(), "-o", "json",
                "--prepare", "produce --send batch --batch 16 --count 3000 --queues 2",
                "--prepare", "consume --expect 1000 --queues 2",
                "--", "consume", "--expect", "3000", "--queues", "2");
        assertThat(exit).as(err.toString()).isZero();
        JSONObject result = JSON.parseObject(out.toString());
        assertThat(result.getString("prepared by"))
                .startsWith("apogee bench produce").contains(", then apogee bench consume --expect 1000");
        Path round = work.resolve("round-1-Apogee");
        assertThat(JSON.parseObject(Files.readString(round.resolve("prepare.json"))).getLongValue("acknowledged"))
                .isEqualTo(3000);
        assertThat(JSON.parseObject(Files.readString(round.resolve("prepare-2.json"))).getLongValue("unique"))
                .isGreaterThanOrEqualTo(1000);
        assertThat(JSON.parseObject(Files.readString(round.resolve("bench.json"))).getLongValue("unique"))
                .isEqualTo(3000);
        assertThat(result.getJSONObject("systems").getJSONObject("Apogee").getJSONObject("medians")
                .getDoubleValue(RunFigures.THROUGHPUT)).isPositive();
    }

    @Test
    void aReplicatedRoundRunsAMasterAndASlaveAndMeasuresTheMaster(@TempDir Path work) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = compare(out, err, "--systems", "apogee", "--rounds", "1", "--no-pin",
                "--heap", "128m", "--replicated", "--flush", "SYNC_FLUSH", "--work-dir", work.toString(), "-o", "json",
                "--", "produce", "--threads", "2", "--duration", "2", "--warmup", "1", "--queues", "2");
        assertThat(exit).as(err.toString()).isZero();
        JSONObject result = JSON.parseObject(out.toString());
        assertThat(result.getString("brokers")).isEqualTo("SYNC_MASTER and SLAVE, SYNC_FLUSH");
        JSONObject medians = result.getJSONObject("systems").getJSONObject("Apogee").getJSONObject("medians");
        assertThat(medians.getDoubleValue(RunFigures.THROUGHPUT)).isPositive();
        Path round = work.resolve("round-1-Apogee");
        assertThat(Files.readString(round.resolve("master.conf"))).contains("brokerRole=SYNC_MASTER")
                .contains("flushDiskType=SYNC_FLUSH");
        // The slave ran and keeps a commit log of its own: the measured sends were replicated to it.
        assertThat(Files.readString(round.resolve("slave.out"))).contains("ready");
        assertThat(round.resolve("slave-store").resolve("commitlog")).isNotEmptyDirectory();
    }

    @Test
    void launcherDefaultsRunApogeeOnItsStartScriptsOptions(@TempDir Path work) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = compare(out, err, "--systems", "apogee", "--rounds", "1", "--no-pin", "--launcher-defaults",
                "--work-dir", work.toString(), "-o", "json",
                "--", "produce", "--threads", "2", "--duration", "2", "--warmup", "1", "--queues", "2");
        assertThat(exit).as(err.toString()).isZero();
        JSONObject result = JSON.parseObject(out.toString());
        assertThat(result.getString("broker heap")).startsWith("each launcher's defaults: Apogee -Xms64m -Xmx512m");
        assertThat(result.getJSONObject("systems").getJSONObject("Apogee").getJSONObject("medians")
                .getDoubleValue(RunFigures.THROUGHPUT)).isPositive();
    }

    @Test
    void launcherDefaultsWithAHeapIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine line = ApogeeCommand.commandLine();
        line.setErr(new PrintWriter(err));
        int exit = line.execute("bench", "compare", "--systems", "apogee", "--launcher-defaults", "--heap", "2g",
                "--", "produce");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--launcher-defaults").contains("--heap");
    }

    @Test
    void rocketMqWithoutItsClassPathIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine line = ApogeeCommand.commandLine();
        line.setErr(new PrintWriter(err));
        int exit = line.execute("bench", "compare", "--", "produce");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--rocketmq-classpath");
    }
}
