package io.apogee.cli;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's mistake from the command line: a second {@code apogee standalone} on a running one's data,
 * or an {@code apogee broker -c} whose {@code storePathRootDir} is that standalone's store. Each is refused
 * with a message naming the folder and the running process, exits non-zero, and the first keeps serving.
 */
class SecondStartRefusalTest {

    private static final Pattern READY = Pattern.compile(
            "Apogee standalone ready in \\d+ ms: name server ([0-9.]+:\\d+), broker ([0-9.]+:\\d+)");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecondStandaloneOrBrokerOnTheSameDataIsRefusedAndTheFirstKeepsServing() throws Exception {
        Path data = dir.resolve("data");
        Process first = apogee(dir.resolve("first.log"), "standalone", "--data", data.toString(),
                "--namesrv-port", "0", "--broker-port", "0");
        String namesrv = await().atMost(Duration.ofSeconds(60))
                .until(() -> readyNamesrv(dir.resolve("first.log")), Objects::nonNull);

        String secondStandalone = refused(dir.resolve("second-standalone.log"), "standalone", "--data",
                data.toString(), "--namesrv-port", "0", "--broker-port", "0");
        assertThat(secondStandalone)
                .contains("the name server's KV config in " + data.resolve("namesrv").toAbsolutePath().normalize()
                        + " is in use by another Apogee process (pid " + first.pid() + ", started ")
                .doesNotContain("ready in")
                .as("the refusal is one line, not a stack trace").doesNotContain("\tat ");

        Path conf = dir.resolve("broker-b.conf");
        Files.writeString(conf, "brokerName=broker-b\nlistenPort=0\nnamesrvAddr=" + namesrv + "\nstorePathRootDir="
                + data.resolve("store") + "\n");
        String secondBroker = refused(dir.resolve("second-broker.log"), "broker", "-c", conf.toString());
        assertThat(secondBroker)
                .contains("the store in " + data.resolve("store").toAbsolutePath().normalize()
                        + " is in use by another Apogee process (pid " + first.pid() + ", started ")
                .doesNotContain("ready in")
                .doesNotContain("\tat ");

        String portTaken = refused(dir.resolve("port-taken.log"), "standalone", "--data",
                dir.resolve("other-data").toString(), "--namesrv-port", namesrv.substring(namesrv.indexOf(':') + 1),
                "--broker-port", "0");
        assertThat(portTaken).contains("cannot bind").contains(namesrv.substring(namesrv.indexOf(':')))
                .doesNotContain("\tat ");

        assertThat(first.isAlive()).isTrue();
        DefaultMQProducer producer = new DefaultMQProducer("refusal_cli_producer");
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("refusal-cli-" + System.nanoTime());
        producer.start();
        try {
            assertThat(producer.send(new Message("RefusalCliTopic", "still served".getBytes(StandardCharsets.UTF_8)))
                    .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        } finally {
            producer.shutdown();
        }
    }

    /** Runs {@code apogee args}, expects it to end by itself with a failure, and returns what it printed. */
    private String refused(Path log, String... args) throws Exception {
        Process process = apogee(log, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("a refused start ends by itself").isTrue();
        assertThat(process.exitValue()).as("a refused start exits with a failure").isNotZero();
        return Files.readString(log);
    }

    private Process apogee(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private static String readyNamesrv(Path log) throws IOException {
        Matcher ready = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
        return ready.find() ? ready.group(1) : null;
    }
}
