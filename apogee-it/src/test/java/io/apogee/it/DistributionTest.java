package io.apogee.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The binary distribution as an operator meets it: unpacked into an empty folder, started with its
 * {@code bin/apogee} (a plain {@code java}, no Maven, no build), served to the official client, stopped with
 * SIGTERM.
 */
class DistributionTest {

    private static final Pattern READY = Pattern.compile("Apogee standalone ready in \\d+ ms: name server (\\S+), broker");
    /** The console log's line: time, level, thread, abbreviated logger, message. */
    private static final Pattern CONSOLE_LINE = Pattern.compile(
            "(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[main] i\\.a\\.namesrv\\.NameServer - name server listening on ");

    @Test
    void theUnpackedDistributionStartsStandaloneWithItsExampleConfig(@TempDir Path dir) throws Exception {
        Path archive = Path.of(System.getProperty("apogee.distribution"));
        assertThat(archive).isRegularFile();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        Path home;
        try (Stream<Path> entries = Files.list(dir)) {
            home = entries.filter(p -> p.getFileName().toString().startsWith("apogee-")).findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/apogee")).isExecutable();
        assertThat(home.resolve("lib/apogee.jar")).isRegularFile();
        assertThat(home.resolve("INSTALL.md")).isRegularFile();
        assertThat(home.resolve("conf")).isDirectoryContaining("glob:**/standalone.conf")
                .isDirectoryContaining("glob:**/broker.conf").isDirectoryContaining("glob:**/namesrv.conf");

        Path console = dir.resolve("console.log");
        ProcessBuilder start = new ProcessBuilder(List.of(home.resolve("bin/apogee").toString(), "standalone",
                "--data", dir.resolve("data").toString(), "--namesrv-port", "0", "--broker-port", "0",
                "-c", home.resolve("conf/standalone.conf").toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        Map<String, String> env = start.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("APOGEE_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC");
        Process apogee = start.start();
        try {
            Matcher ready = await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = READY.matcher(Files.exists(console) ? Files.readString(console) : "");
                return m.find() ? m : null;
            }, Objects::nonNull);
            DefaultMQProducer producer = startedProducer(ready.group(1), "distribution_producer",
                    uniqueInstanceName("distribution"));
            try {
                assertThat(producer.send(new Message("DistributionTopic", "hi".getBytes(StandardCharsets.UTF_8)))
                        .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            } finally {
                producer.shutdown();
            }
            assertThat(Files.readString(console)).containsPattern(CONSOLE_LINE).doesNotContain("ch.qos.logback");
            apogee.destroy();
            assertThat(apogee.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("data/logs/apogee.log"))).contains("broker stopped");
        } finally {
            apogee.destroyForcibly();
        }
    }
}
