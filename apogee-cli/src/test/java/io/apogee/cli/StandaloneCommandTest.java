package io.apogee.cli;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code apogee standalone} as a user does: its own JVM, a ready line, the official producer
 * sending to it, SIGTERM to stop.
 */
class StandaloneCommandTest {

    private static final Pattern READY = Pattern.compile(
            "Apogee standalone ready in \\d+ ms: name server ([0-9.]+:\\d+), broker ([0-9.]+:\\d+)");

    @Test
    void startsAnswersAndStopsCleanlyOnSigterm(@TempDir Path data) throws Exception {
        Path log = data.resolve("console.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName(),
                "standalone", "--data", data.toString(), "--namesrv-port", "0", "--broker-port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String address = await().atMost(Duration.ofSeconds(30)).until(() -> readyAddress(log), Objects::nonNull);

            DefaultMQProducer producer = new DefaultMQProducer("standalone_test_producer");
            producer.setNamesrvAddr(address);
            producer.setInstanceName("standalone-test-" + System.nanoTime());
            producer.start();
            try {
                SendResult sent = producer.send(new Message("StandaloneTopic", "hello".getBytes(StandardCharsets.UTF_8)));
                assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            } finally {
                producer.shutdown();
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("broker stopped", "name server stopped");
            assertThat(data.resolve("namesrv")).isDirectory();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readyAddress(Path log) throws IOException {
        Matcher ready = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
        return ready.find() ? ready.group(1) : null;
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        int exit = new picocli.CommandLine(new ApogeeCommand()).execute("no-such-command");
        assertThat(exit).isEqualTo(2);
    }
}
