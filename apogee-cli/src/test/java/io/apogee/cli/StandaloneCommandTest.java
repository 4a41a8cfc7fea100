package io.apogee.cli;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
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
            "Apogee standalone ready in \\d+ ms: name server ([0-9a-f.:\\[\\]]+:\\d+), broker ([0-9a-f.:\\[\\]]+:\\d+),");

    /** A standalone process started as a user does, with its console in {@code log}. */
    private static Process standalone(Path data, Path log, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName(),
                "standalone", "--data", data.toString(), "--namesrv-port", "0", "--broker-port", "0"));
        command.addAll(List.of(extraArgs));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The ready line's name server and broker addresses, once it is printed. */
    private static Matcher awaitReady(Path log) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher ready = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
            return ready.find() ? ready : null;
        }, Objects::nonNull);
    }

    private static DefaultMQProducer startedProducer(String namesrvAddr) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("standalone_test_producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("standalone-test-" + System.nanoTime());
        producer.start();
        return producer;
    }

    @Test
    void startsAnswersAndStopsCleanlyOnSigterm(@TempDir Path data) throws Exception {
        Path log = data.resolve("console.log");
        Process process = standalone(data, log);
        try {
            Matcher ready = awaitReady(log);
            String address = ready.group(1);
            // Without --bind a newcomer's servers stay on this host, and say so.
            assertThat(address).startsWith("127.0.0.1:");
            assertThat(ready.group(2)).startsWith("127.0.0.1:");
            assertThat(Files.readString(log))
                    .contains("standalone listening on " + ready.group(2) + " (this host only), authentication off, TLS off")
                    .doesNotContain("with authentication off");

            DefaultMQProducer producer = startedProducer(address);
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
            // The same lines also went to the rolling file under the data folder.
            assertThat(Files.readString(data.resolve("logs").resolve(LogOptions.FILE_NAME)))
                    .contains("serving at", "broker stopped", "name server stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void servesTheWebConsoleOverTheWholeClusterAndTurnsItOffWhenAsked(@TempDir Path data) throws Exception {
        Path log = data.resolve("console.log");
        Process process = standalone(data.resolve("on"), log, "--console-port", "0");
        try {
            String broker = awaitReady(log).group(2);
            Matcher console = Pattern.compile("console at (http://127\\.0\\.0\\.1:\\d+/)").matcher(Files.readString(log));
            assertThat(console.find()).as("the ready line names the console").isTrue();
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(URI.create(console.group(1) + "api/v1/overview")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains(broker).contains("MASTER"));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(console.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("<title>Apogee console</title>");
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
        Path offLog = data.resolve("off.log");
        Process off = standalone(data.resolve("off"), offLog, "--no-console");
        try {
            awaitReady(offLog);
            assertThat(Files.readString(offLog)).doesNotContain("console at");
        } finally {
            off.destroy();
            off.waitFor(20, TimeUnit.SECONDS);
            off.destroyForcibly();
        }
    }

    @Test
    void onEveryInterfaceTheBrokerIsRoutedAndReachedByBrokerIp1FromItsConfigFile(@TempDir Path data)
            throws Exception {
        Path conf = Files.writeString(data.resolve("broker.conf"), "brokerIP1 = 127.0.0.2\n");
        Path log = data.resolve("console.log");
        Process process = standalone(data, log, "--bind", "0.0.0.0", "-c", conf.toString());
        DefaultMQProducer producer = null;
        DefaultMQPushConsumer consumer = null;
        try {
            Matcher ready = awaitReady(log);
            // Addresses a client can use: both servers listen on every interface, reached at brokerIP1.
            assertThat(ready.group(1)).startsWith("127.0.0.2:");
            assertThat(ready.group(2)).startsWith("127.0.0.2:");

            producer = startedProducer(ready.group(1));
            SendResult sent = producer.send(new Message("EveryInterfaceTopic", "hi".getBytes(StandardCharsets.UTF_8)));
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(producer.getDefaultMQProducerImpl().getmQClientFactory()
                    .findBrokerAddressInPublish(sent.getMessageQueue().getBrokerName())).isEqualTo(ready.group(2));

            List<String> stored = new CopyOnWriteArrayList<>();
            consumer = new DefaultMQPushConsumer("standalone_test_group");
            consumer.setNamesrvAddr(ready.group(1));
            consumer.setInstanceName("standalone-test-" + System.nanoTime());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            // The client's first rebalance may skip its heartbeat with the new subscription version (its
            // heartbeat lock is busy); pulls are then refused until the next heartbeat, 30 s later by default.
            consumer.setHeartbeatBrokerInterval(1_000);
            consumer.subscribe("EveryInterfaceTopic", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> stored.add(new String(m.getBody(), StandardCharsets.UTF_8) + " " + m.getStoreHost()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !stored.isEmpty());
            assertThat(stored.get(0)).startsWith("hi /127.0.0.2:");
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            if (producer != null) {
                producer.shutdown();
            }
            process.destroyForcibly();
        }
    }

    @Test
    void onEveryInterfaceWithoutBrokerIp1TheReadyLineNamesThisHostNeverTheWildcard(@TempDir Path data)
            throws Exception {
        Path log = data.resolve("console.log");
        Process process = standalone(data, log, "--bind", "0.0.0.0");
        try {
            Matcher ready = awaitReady(log);
            String host = ready.group(1).substring(0, ready.group(1).lastIndexOf(':'));
            assertThat(host).isNotEqualTo("0.0.0.0");
            assertThat(ready.group(2)).startsWith(host + ":");
            DefaultMQProducer producer = startedProducer(ready.group(1));
            try {
                assertThat(producer.send(new Message("AnyHostTopic", "hi".getBytes(StandardCharsets.UTF_8)))
                        .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            } finally {
                producer.shutdown();
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void logLevelLimitsWhatTheLogFileGets(@TempDir Path data) throws Exception {
        Path log = data.resolve("console.log");
        Process process = standalone(data, log, "--log-level", "warn");
        try {
            awaitReady(log);
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(data.resolve("logs").resolve(LogOptions.FILE_NAME)))
                    .doesNotContain(" INFO ", "serving at");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withPromInItsConfigFileOneEndpointServesTheBrokerAndTheNameServer(@TempDir Path data) throws Exception {
        Path conf = Files.writeString(data.resolve("broker.conf"),
                "metricsExporterType = PROM\nmetricsPromExporterPort = 0\n");
        Path log = data.resolve("console.log");
        Process process = standalone(data, log, "-c", conf.toString());
        try {
            String address = awaitReady(log).group(1);
            Matcher metrics = Pattern.compile("metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)")
                    .matcher(Files.readString(log));
            assertThat(metrics.find()).as("the ready line names the endpoint").isTrue();
            DefaultMQProducer producer = startedProducer(address);
            try {
                producer.send(new Message("StandaloneMetricsTopic", "hi".getBytes(StandardCharsets.UTF_8)));
            } finally {
                producer.shutdown();
            }
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(metrics.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).containsPattern("rocketmq_messages_in_total\\{[^}]*topic=\"StandaloneMetricsTopic\"[^}]*} 1\\.0")
                    .contains("apogee_namesrv_topics{").contains("jvm_memory_used_bytes{")
                    .containsPattern("rocketmq_rpc_latency_count\\{[^}]*node_type=\"namesrv\"")
                    .containsPattern("rocketmq_rpc_latency_count\\{[^}]*node_type=\"broker\"")
                    .containsPattern("apogee_errors_total\\{[^}]*node_type=\"namesrv\"")
                    .containsPattern("apogee_errors_total\\{[^}]*node_type=\"broker\"");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theFilesListenPortHoldsWhenNoFlagIsGiven(@TempDir Path data) throws Exception {
        Path conf = Files.writeString(data.resolve("broker.conf"), "listenPort = 0\n");
        Path log = data.resolve("console.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName(),
                "standalone", "--data", data.toString(), "--namesrv-port", "0", "-c", conf.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String broker = awaitReady(log).group(2);
            assertThat(broker).doesNotEndWith(":10911").doesNotEndWith(":0");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aMisspeltKeyNamesTheFileTheKeyAndTheKeyMeant(@TempDir Path data) throws Exception {
        Path conf = Files.writeString(data.resolve("broker.conf"), "brokerNmae = b\nlistenPort = 70000\n");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine line = ApogeeCommand.commandLine();
        line.setErr(new java.io.PrintWriter(err));
        int exit = line.execute("standalone", "--data", data.toString(), "--namesrv-port", "0", "-c", conf.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains(conf.toString())
                .contains("'brokerNmae' (did you mean 'brokerName'?)")
                .contains("listenPort=70000: must be 0..65535");
    }

    @Test
    void anUnknownLogLevelIsAUsageError(@TempDir Path data) {
        int exit = ApogeeCommand.commandLine().execute("standalone", "--data", data.toString(), "--log-level", "loud");
        assertThat(exit).isEqualTo(2);
        assertThat(data.resolve("logs")).doesNotExist();
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        int exit = ApogeeCommand.commandLine("no-such-command").execute("no-such-command");
        assertThat(exit).isEqualTo(2);
    }
}
