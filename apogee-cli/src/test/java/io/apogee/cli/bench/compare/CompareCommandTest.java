package io.apogee.cli.bench.compare;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.cli.ApogeeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apogee bench compare} end to end with Apogee alone (RocketMQ's jars are not part of the build): it
 * starts a fresh standalone process per round, drives it with a separate {@code apogee bench} process and
 * reports the rounds' medians.
 */
class CompareCommandTest {

    @Test
    void twoRoundsOfApogeeGiveMediansOfEveryFigure(@TempDir Path work) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = ApogeeCommand.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exit = line.execute("bench", "compare", "--systems", "apogee", "--rounds", "2", "--no-pin",
                "--heap", "128m", "--work-dir", work.toString(), "-o", "json",
                "--", "produce", "--threads", "2", "--duration", "2", "--warmup", "1", "--queues", "2");
        assertThat(exit).as(err.toString()).isZero();
        JSONObject result = JSON.parseObject(out.toString());
        JSONObject apogee = result.getJSONObject("systems").getJSONObject("Apogee");
        assertThat(apogee.getJSONObject("rounds").getJSONArray(RunFigures.THROUGHPUT)).hasSize(2);
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.THROUGHPUT)).isPositive();
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.CPU)).isPositive();
        assertThat(apogee.getJSONObject("medians").getDoubleValue(RunFigures.RSS)).isPositive();
        assertThat(result.getString("pinning")).isEqualTo("none");
        assertThat(work.resolve("round-2-Apogee").resolve("bench.json")).isRegularFile();
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
