package io.apogee.client.producer;

import io.apogee.client.ApogeeCluster;
import io.apogee.client.ClientException;
import io.apogee.client.RecordingServer;
import io.apogee.client.admin.Admin;
import io.apogee.client.message.Message;
import io.apogee.protocol.code.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sends that meet failing brokers, missing topics, bad input and dead servers. */
class ProducerFailureTest {

    private static final long TIMEOUT = 2_000;
    /** Slack for a loaded machine between the timeout running out and the caller seeing it. */
    private static final long SLACK = 1_500;

    @TempDir
    Path dir;
    private final List<Producer> producers = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        producers.forEach(Producer::shutdown);
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private Producer producer(String namesrvAddr) {
        Producer producer = new Producer("failures_" + UUID.randomUUID().toString().substring(0, 8));
        producer.setNamesrvAddr(namesrvAddr);
        producer.setSendMsgTimeout(TIMEOUT);
        producer.setMqClientApiTimeout(TIMEOUT);
        producers.add(producer);
        producer.start();
        return producer;
    }

    private static Message message(String topic) {
        return new Message(topic, ("body-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsMoveToTheOtherBrokerWhenOneGoesAway() throws Exception {
        ApogeeCluster cluster = new ApogeeCluster(dir, 2, UnaryOperator.identity());
        servers.add(cluster);
        try (Admin admin = new Admin(cluster.namesrvAddr())) {
            admin.createTopic("DefaultCluster", "TwoBrokers", 4);
        }
        Producer producer = producer(cluster.namesrvAddr());
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            used.add(producer.send(message("TwoBrokers")).messageQueue().brokerName());
        }
        assertThat(used).containsExactlyInAnyOrder("broker-0", "broker-1");
        cluster.broker(0).shutdown();
        for (int i = 0; i < 20; i++) {
            SendResult result = producer.send(message("TwoBrokers"));
            assertThat(result.sendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(result.messageQueue().brokerName()).isEqualTo("broker-1");
        }
        for (int i = 0; i < 10; i++) {
            SendResult result = producer.sendAsync(message("TwoBrokers")).get(10, TimeUnit.SECONDS);
            assertThat(result.messageQueue().brokerName()).isEqualTo("broker-1");
        }
    }

    @Test
    void anUnknownTopicWithAutoCreateOffFailsClearly() {
        ApogeeCluster cluster = new ApogeeCluster(dir, 1, config -> config.autoCreateTopicEnable(false));
        servers.add(cluster);
        Producer producer = producer(cluster.namesrvAddr());
        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(message("NoSuchTopic")))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("NoSuchTopic")
                .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST));
        assertThat(elapsedMillis(start)).isLessThan(TIMEOUT + SLACK);
        assertThat(producer.sendAsync(message("NoSuchTopic"))).failsWithin(TIMEOUT + SLACK, TimeUnit.MILLISECONDS);
    }

    @Test
    void anOversizedMessageIsRefusedByTheClientAndByTheBroker() {
        ApogeeCluster cluster = new ApogeeCluster(dir);
        servers.add(cluster);
        Producer producer = producer(cluster.namesrvAddr());
        byte[] tooLarge = new byte[producer.getMaxMessageSize() + 1];
        assertThatThrownBy(() -> producer.send(new Message("Oversized", tooLarge)))
                .isInstanceOf(ClientException.class).hasMessageContaining("maxMessageSize");

        Producer lenient = producer(cluster.namesrvAddr());
        lenient.setMaxMessageSize(8 * 1024 * 1024);
        byte[] incompressible = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(incompressible);
        long start = System.nanoTime();
        assertThatThrownBy(() -> lenient.send(new Message("Oversized", incompressible)))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL));
        assertThat(elapsedMillis(start)).isLessThan(TIMEOUT + SLACK);
        assertThat(lenient.send(message("Oversized")).sendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void aNameServerThatIsDownFailsTheSendWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Producer producer = producer("127.0.0.1:" + closedPort);
        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(message("Anything")))
                .isInstanceOf(ClientException.class).hasMessageContaining("name server");
        assertThat(elapsedMillis(start)).isLessThan(TIMEOUT + SLACK);
        assertThat(producer.sendAsync(message("Anything"))).failsWithin(TIMEOUT + SLACK, TimeUnit.MILLISECONDS);
    }

    @Test
    void aBrokerClosingTheConnectionMidRequestFailsTheSendWithinTheTimeout() {
        RecordingServer server = new RecordingServer();
        servers.add(server);
        server.sendMode(RecordingServer.SendMode.CLOSE);
        Producer producer = producer(server.address());
        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(message("Closing")))
                .isInstanceOf(ClientException.class).hasMessageContaining("closed");
        assertThat(elapsedMillis(start)).isLessThan(TIMEOUT + SLACK);
        CompletableFuture<SendResult> async = producer.sendAsync(message("Closing"));
        assertThatThrownBy(() -> async.get(TIMEOUT + SLACK, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ClientException.class);
    }

    @Test
    void aBrokerThatNeverAnswersFailsTheSendWhenTheTimeoutRunsOut() {
        RecordingServer server = new RecordingServer();
        servers.add(server);
        server.sendMode(RecordingServer.SendMode.HOLD);
        Producer producer = producer(server.address());
        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(message("Silent"), 1_000)).isInstanceOf(ClientException.class);
        assertThat(elapsedMillis(start)).isBetween(900L, 1_000 + SLACK);
        assertThat(producer.sendAsync(message("Silent"), 1_000)).failsWithin(1_000 + SLACK, TimeUnit.MILLISECONDS);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
