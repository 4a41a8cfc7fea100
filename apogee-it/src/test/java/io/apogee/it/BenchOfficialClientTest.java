package io.apogee.it;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.cli.ApogeeCommandAccess;
import io.apogee.cli.ApogeeCommandAccess.Run;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.apogee.it.OfficialClients.messagesIn;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code apogee bench --client official}: the same runs as with Apogee's client, sent and received by Apache
 * RocketMQ's rocketmq-client, against a name server and broker on loopback ephemeral ports; the reports'
 * counts are checked against what the broker stored, as the official admin client reads it.
 */
class BenchOfficialClientTest {

    @TempDir
    static Path dir;
    private static LocalCluster cluster;
    private static DefaultMQAdminExt admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        admin = startedAdmin(cluster.namesrvAddr(), uniqueInstanceName("bench-official-admin"));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Run bench(String mode, String... args) {
        List<String> all = new ArrayList<>(List.of("bench", mode, "-n", cluster.namesrvAddr()));
        all.addAll(List.of(args));
        return ApogeeCommandAccess.run(all);
    }

    /** The report of a run with {@code -o json}: stdout is one JSON line. */
    private static JSONObject json(Run run) {
        assertThat(run.out().lines().count()).as("stdout is one JSON line: %s\nstderr: %s", run.out(), run.err())
                .isEqualTo(1);
        return JSON.parseObject(run.out());
    }

    private static void awaitStored(String topic, long count) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> messagesIn(admin, topic) >= count);
    }

    @Test
    void e2eThroughTheOfficialClientLosesAndDuplicatesNothing() throws Exception {
        Run run = bench("e2e", "--client", "official", "-t", "BenchOfficialE2e", "--queues", "4", "--count", "2000",
                "--threads", "4", "--size", "256", "--linger", "200", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = json(run);
        assertThat(report.getString("driver")).isEqualTo("official");
        assertThat(report.getLongValue("acknowledged")).isEqualTo(2000);
        assertThat(report.getLongValue("unique")).isEqualTo(2000);
        assertThat(report.getLongValue("lost")).isZero();
        assertThat(report.getLongValue("duplicates")).isZero();
        assertThat(report.getBooleanValue("ok")).isTrue();
        assertThat(report.getJSONObject("e2e_latency").getLongValue("count")).isEqualTo(2000);
        assertThat(report.getJSONObject("send_latency").getLongValue("p50_us")).isPositive();
        assertThat(run.err()).contains("[bench e2e] measure");
        awaitStored("BenchOfficialE2e", 2000);
        assertThat(messagesIn(admin, "BenchOfficialE2e")).isEqualTo(2000);
    }

    @Test
    void e2eWithAsyncSendsAndTheOfficialLitePullConsumerLosesNothing() {
        Run run = bench("e2e", "--client", "official", "-t", "BenchOfficialLite", "--count", "1000",
                "--send", "async", "--consumer", "lite-pull", "--linger", "200", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = json(run);
        assertThat(report.getLongValue("acknowledged")).isEqualTo(1000);
        assertThat(report.getLongValue("lost")).isZero();
        assertThat(report.getLongValue("duplicates")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "async", "oneway", "batch"})
    void produceThroughTheOfficialClientStoresExactlyWhatItCounted(String send) throws Exception {
        String topic = "BenchOfficialProduce_" + send;
        Run run = bench("produce", "--client", "official", "-t", topic, "--count", "800", "--send", send,
                "--batch", "16", "--threads", "2", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = json(run);
        assertThat(report.getLongValue("acknowledged")).isEqualTo(800);
        assertThat(report.getLongValue("failed")).isZero();
        awaitStored(topic, 800);
        assertThat(messagesIn(admin, topic)).isEqualTo(800);
    }

    @Test
    void consumeThroughTheOfficialClientReadsTheWholeBacklogAndCommitsIt() throws Exception {
        assertThat(bench("produce", "-t", "BenchOfficialConsume", "--count", "1200", "--threads", "2").exit()).isZero();
        awaitStored("BenchOfficialConsume", 1200);

        Run run = bench("consume", "--client", "official", "-t", "BenchOfficialConsume", "-g", "bench_official_readers",
                "--expect", "1200", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = json(run);
        assertThat(report.getLongValue("received")).isEqualTo(messagesIn(admin, "BenchOfficialConsume"));
        assertThat(report.getLongValue("unique")).isEqualTo(1200);
        assertThat(report.getLongValue("duplicates")).isZero();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> admin.examineConsumeStats("bench_official_readers").computeTotalDiff() == 0);
    }

    @Test
    void anUnknownClientIsOneLineAndExitCodeTwo() {
        Run run = bench("e2e", "--client", "nonesuch", "--count", "10");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("--client").contains("nonesuch").contains("apogee").contains("official");
    }
}
