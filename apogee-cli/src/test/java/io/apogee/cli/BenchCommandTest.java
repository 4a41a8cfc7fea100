package io.apogee.cli;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.test.ApogeeOptions;
import io.apogee.test.EmbeddedApogee;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apogee bench} through the command line's entry point, in this JVM, against an Apogee name server and
 * broker on ephemeral ports: its counts are checked against what the broker stores.
 */
class BenchCommandTest {

    private static EmbeddedApogee apogee;

    private record Run(int exit, String out, String err) {
        JSONObject json() {
            assertThat(out.lines().count()).as("stdout is one JSON line: %s", out).isEqualTo(1);
            return JSON.parseObject(out);
        }
    }

    @BeforeAll
    static void startApogee() {
        // No auto-creation: the bench creates its topic through the admin client.
        apogee = EmbeddedApogee.start(ApogeeOptions.defaults().autoCreateTopics(false));
    }

    @AfterAll
    static void stopApogee() {
        apogee.close();
    }

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var command = ApogeeCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = command.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The bench sequence numbers of the messages the broker stores in {@code topic}. */
    private static Set<Long> storedSeqs(List<MessageExt> stored) {
        return stored.stream().map(m -> ByteBuffer.wrap(m.getBody()).getLong(16)).collect(Collectors.toSet());
    }

    @Test
    void e2eReportsNothingLostOrDuplicatedAsOneJsonObject() {
        Run run = bench("e2e", "-n", apogee.namesrvAddr(), "-t", "BenchE2e", "--queues", "4", "--count", "2000",
                "--threads", "4", "--size", "256", "--linger", "200", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = run.json();
        assertThat(report.getLongValue("acknowledged")).isEqualTo(2000);
        assertThat(report.getLongValue("unique")).isEqualTo(2000);
        assertThat(report.getLongValue("lost")).isZero();
        assertThat(report.getLongValue("duplicates")).isZero();
        assertThat(report.getBooleanValue("ok")).isTrue();
        assertThat(report.getJSONObject("e2e_latency").getLongValue("count")).isEqualTo(2000);
        assertThat(report.getJSONObject("send_latency").getLongValue("p99_us")).isPositive();
        assertThat(run.err()).contains("[bench e2e] measure");
        assertThat(apogee.readAll("BenchE2e").size()).isEqualTo(2000);
    }

    @Test
    void e2eWithoutATopicKeepsOffTheTopicProduceFills() {
        Run run = bench("e2e", "-n", apogee.namesrvAddr(), "--count", "500", "--linger", "0", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().getString("topic")).isEqualTo("BenchE2eTopic");
        assertThat(apogee.readAll("BenchE2eTopic").size()).isEqualTo(500);
    }

    @Test
    void batchesToATopicCreatedAsABatchQueueTopicAreStoredWholeAndReadBackMessageByMessage() {
        Run run = bench("produce", "-n", apogee.namesrvAddr(), "-t", "BenchBatchCq", "--queues", "1",
                "--topic-attributes", "+queue.type=BatchCQ", "--count", "160", "--send", "batch", "--batch", "16",
                "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().getLongValue("acknowledged")).isEqualTo(160);
        List<MessageExt> stored = apogee.readAll("BenchBatchCq");
        assertThat(stored).hasSize(160);
        assertThat(stored).extracting(MessageExt::getQueueOffset)
                .containsExactlyElementsOf(LongStream.range(0, 160).boxed().toList());
        assertThat(stored.stream().map(MessageExt::getCommitLogOffset).distinct()).as("one record per batch")
                .hasSize(10);
    }

    @Test
    void e2eWithAsyncSendsAndALitePullConsumerLosesNothing() {
        Run run = bench("e2e", "-n", apogee.namesrvAddr(), "-t", "BenchE2eLite", "--count", "1000",
                "--send", "async", "--consumer", "lite-pull", "--linger", "200", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = run.json();
        assertThat(report.getLongValue("acknowledged")).isEqualTo(1000);
        assertThat(report.getLongValue("lost")).isZero();
        assertThat(report.getLongValue("duplicates")).isZero();
        assertThat(report.getString("consumer")).isEqualTo("lite_pull");
    }

    @Test
    void produceSendsExactlyTheCountAndTheBrokerHoldsEachMessageOnce() {
        Run run = bench("produce", "-n", apogee.namesrvAddr(), "-t", "BenchProduce", "--count", "1000",
                "--send", "batch", "--batch", "16", "--threads", "2", "--keys", "--tag", "bench", "-o", "json",
                // The broker runs in this JVM, so this process is the one to read from /proc.
                "--broker-pid", Long.toString(ProcessHandle.current().pid()));

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = run.json();
        assertThat(report.getLongValue("acknowledged")).isEqualTo(1000);
        assertThat(report.getLongValue("failed")).isZero();
        JSONObject broker = report.getJSONObject("broker");
        assertThat(broker.getLongValue("peak_rss_kb")).isPositive();
        assertThat(broker.getDoubleValue("cpu_s")).isPositive();
        assertThat(broker.getDoubleValue("cpu_us_per_msg")).isPositive();
        // Zero where the data folder is in memory (tmpfs): its pages never go to storage.
        assertThat(broker.getDouble("disk_write_mb_per_s")).isNotNull().isGreaterThanOrEqualTo(0);
        // The broker indexes stored messages a moment after acknowledging them.
        List<MessageExt> stored = apogee.awaitMessages("BenchProduce", 1000, Duration.ofSeconds(30));
        assertThat(stored.size()).isEqualTo(1000);
        assertThat(storedSeqs(stored)).hasSize(1000).allMatch(seq -> seq >= 0 && seq < 1000);
        assertThat(stored.stream().map(MessageExt::getTags).distinct()).containsExactly("bench");
        assertThat(stored.stream().filter(m -> !m.getKeys().endsWith("-" + ByteBuffer.wrap(m.getBody()).getLong(16))))
                .as("messages whose key is not their run and sequence number").isEmpty();
    }

    @Test
    void consumeReadsTheWholeBacklogAndCommitsIt() {
        assertThat(bench("produce", "-n", apogee.namesrvAddr(), "-t", "BenchConsume", "--count", "1500",
                "--send", "async", "--threads", "2").exit()).isZero();
        assertThat(apogee.awaitMessages("BenchConsume", 1500, Duration.ofSeconds(30)).size()).isEqualTo(1500);

        Run run = bench("consume", "-n", apogee.namesrvAddr(), "-t", "BenchConsume", "-g", "bench-readers",
                "--expect", "1500", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = run.json();
        assertThat(report.getLongValue("received")).isEqualTo(1500);
        assertThat(report.getLongValue("unique")).isEqualTo(1500);
        assertThat(report.getLongValue("missing")).isZero();
        assertThat(report.getLongValue("largest_delivery")).as("the client's default, one message a call").isOne();
        assertThat(apogee.lag("bench-readers", "BenchConsume")).isZero();
    }

    @Test
    void consumeWarmsUpWithAThrowAwayGroupAndThenMeasuresTheWholeBacklog() {
        assertThat(bench("produce", "-n", apogee.namesrvAddr(), "-t", "BenchWarm", "--count", "1000",
                "--send", "async").exit()).isZero();
        assertThat(apogee.awaitMessages("BenchWarm", 1000, Duration.ofSeconds(30)).size()).isEqualTo(1000);

        Run run = bench("consume", "-n", apogee.namesrvAddr(), "-t", "BenchWarm", "-g", "warm-readers",
                "--warmup-messages", "400", "--expect", "1000", "--consume-batch", "16", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = run.json();
        assertThat(report.getLongValue("warmup_messages")).isBetween(400L, 1000L);
        assertThat(report.getDoubleValue("warmup_jit_settle_s")).isBetween(0.0, 16.0);
        assertThat(report.getLongValue("largest_delivery")).isBetween(2L, 16L);
        assertThat(report.getLongValue("received")).isEqualTo(1000);
        assertThat(report.getLongValue("unique")).isEqualTo(1000);
        assertThat(run.err()).contains("warm-up");
        assertThat(apogee.lag("warm-readers", "BenchWarm")).isZero();
    }

    @Test
    void aWarmUpLongerThanTheBacklogFailsBeforeMeasuring() {
        assertThat(bench("produce", "-n", apogee.namesrvAddr(), "-t", "BenchWarmShort", "--count", "300").exit())
                .isZero();

        Run run = bench("consume", "-n", apogee.namesrvAddr(), "-t", "BenchWarmShort", "--warmup-messages", "500",
                "--expect", "300", "--idle", "2", "-o", "json");

        assertThat(run.exit()).isEqualTo(1);
        JSONObject report = run.json();
        assertThat(report.getLongValue("warmup_messages")).isEqualTo(300);
        assertThat(report.containsKey("received")).isFalse();
        assertThat(run.err()).contains("FAILED: the warm-up read 300 of 500 messages");
    }

    @Test
    void consumeFailsWhenFewerThanExpectedArrive() {
        assertThat(bench("produce", "-n", apogee.namesrvAddr(), "-t", "BenchShort", "--count", "300").exit()).isZero();

        Run run = bench("consume", "-n", apogee.namesrvAddr(), "-t", "BenchShort", "--consumer", "lite-pull",
                "--expect", "400", "--idle", "2", "-o", "json");

        assertThat(run.exit()).isEqualTo(1);
        JSONObject report = run.json();
        assertThat(report.getLongValue("unique")).isEqualTo(300);
        assertThat(report.getLongValue("missing")).isEqualTo(100);
        assertThat(report.getBooleanValue("ok")).isFalse();
        assertThat(run.err()).contains("FAILED: 100 of 400 expected messages did not arrive");
    }

    @Test
    void wrongArgumentsAreOneLineAndExitCodeTwo() {
        String[][] wrong = {
                {"produce", "--threads", "0"},
                {"produce", "--no-such-option"},
                {"produce", "--send", "sometimes"},
                {"produce", "--size", "8"},
                {"consume", "--consumer", "pull"},
                {"consume", "--warmup-messages", "-1"},
                {"consume", "--consume-batch", "0"},
                {"e2e", "--send", "oneway"},
                {"e2e", "--broker-pid", "-3"},
                {"produce", "--broker-pid", Long.toString(Integer.MAX_VALUE)},
                {},
        };
        for (String[] args : wrong) {
            Run run = bench(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().toList()).as(run.err()).hasSize(1)
                    .allMatch(line -> line.startsWith("apogee bench"));
        }
    }

    @Test
    void anUnreachableNameServerIsOneLineAndExitCodeOne() {
        Run run = bench("produce", "-n", "127.0.0.1:1", "--count", "1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1).allMatch(l -> l.startsWith("apogee bench produce: "));
    }
}
