package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.client.producer.Producer;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.remoting.tls.TestCertificates;
import io.apogee.remoting.tls.TlsConfig;
import io.apogee.remoting.tls.TlsMode;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official 5.3.3 client with {@code useTLS} against Apogee servers in each TLS mode, as issue 15 asks.
 *
 * <p>The official client reads its TLS settings from system properties once, into the public static fields of
 * {@code TlsSystemConfig}, when its classes first load; it builds each client instance's context from those
 * fields when the instance starts. Tests that need a client certificate or server checking therefore set those
 * fields before starting the producer and restore them afterwards (tests in this module run one at a time in one
 * JVM); the others use the client's default test mode (trust any server, present no certificate), which is what
 * a plain {@code setUseTLS(true)} gets. The {@code -Dtls.enable=true} path runs in a process of its own
 * ({@link TlsProducerProcess}), the only way to give it those properties before its classes load.
 */
class OfficialTlsTest {

    @TempDir
    static Path certDir;
    private static TestCertificates certs;

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private NameServer nameServer;
    private Broker broker;
    private Map<String, Object> savedClientTls;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(certDir);
    }

    @BeforeEach
    void saveOfficialClientTls() {
        savedClientTls = Map.of("testMode", TlsSystemConfig.tlsTestModeEnable, "authServer", TlsSystemConfig.tlsClientAuthServer,
                "trust", String.valueOf(TlsSystemConfig.tlsClientTrustCertPath),
                "cert", String.valueOf(TlsSystemConfig.tlsClientCertPath), "key", String.valueOf(TlsSystemConfig.tlsClientKeyPath));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        TlsSystemConfig.tlsTestModeEnable = (Boolean) savedClientTls.get("testMode");
        TlsSystemConfig.tlsClientAuthServer = (Boolean) savedClientTls.get("authServer");
        TlsSystemConfig.tlsClientTrustCertPath = nullable(savedClientTls.get("trust"));
        TlsSystemConfig.tlsClientCertPath = nullable(savedClientTls.get("cert"));
        TlsSystemConfig.tlsClientKeyPath = nullable(savedClientTls.get("key"));
    }

    private static String nullable(Object saved) {
        return "null".equals(saved) ? null : (String) saved;
    }

    private static TlsConfig serverTls(TlsMode mode) {
        return TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, mode.text())
                .with(TlsConfig.TLS_SERVER_CERT_PATH, certs.server().cert().toString())
                .with(TlsConfig.TLS_SERVER_KEY_PATH, certs.server().key().toString());
    }

    private void startCluster(TlsConfig namesrvTls, TlsConfig brokerTls) {
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")).tls(namesrvTls));
        nameServer.start();
        opened.add(nameServer::shutdown);
        broker = new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0).namesrvAddr(namesrvAddr())
                .store(MessageStoreConfig.from(Map.of(
                        MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024))))
                .tls(brokerTls));
        broker.start();
        opened.add(broker::shutdown);
        await().atMost(Duration.ofSeconds(20)).until(() -> nameServer.registry().route("TBW102", null) != null);
    }

    private String namesrvAddr() {
        return "127.0.0.1:" + nameServer.localAddress().getPort();
    }

    private DefaultMQProducer startedProducer(boolean useTls) throws Exception {
        DefaultMQProducer producer = producer(namesrvAddr(), "tls_producer_" + useTls, "tls-producer");
        producer.setUseTLS(useTls);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setSendMsgTimeout(5_000);
        producer.start();
        opened.add(producer::shutdown);
        return producer;
    }

    private static Message message(String topic, String text) {
        return new Message(topic, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lets the official client check the server against the test CA and present {@code identity}, if any. */
    private static void officialClientChecksServerAndPresents(TestCertificates.Pem identity) {
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsClientAuthServer = true;
        TlsSystemConfig.tlsClientTrustCertPath = certs.caCert().toString();
        TlsSystemConfig.tlsClientCertPath = identity == null ? null : identity.cert().toString();
        TlsSystemConfig.tlsClientKeyPath = identity == null ? null : identity.key().toString();
    }

    @Test
    void permissiveServersServeTlsAndPlainClientsSideBySide() throws Exception {
        startCluster(serverTls(TlsMode.PERMISSIVE), serverTls(TlsMode.PERMISSIVE));

        assertThat(startedProducer(true).send(message("TlsTopic", "over-tls")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(broker.tls().tlsConnections()).isPositive();
        assertThat(nameServer.tls().tlsConnections()).isPositive();
        long plainBefore = broker.tls().plainConnections();
        assertThat(startedProducer(false).send(message("TlsTopic", "plain")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(broker.tls().plainConnections()).isGreaterThan(plainBefore);

        DefaultMQPushConsumer consumer = consumerFromFirstOffset(namesrvAddr(), "tls_consumer", uniqueInstanceName("tls-consumer"));
        consumer.setUseTLS(true);
        Set<String> received = ConcurrentHashMap.newKeySet();
        consumer.subscribe("TlsTopic", "*");
        consumer.registerMessageListener((org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently)
                (messages, context) -> {
                    for (MessageExt m : messages) {
                        received.add(body(m));
                    }
                    return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        consumer.start();
        opened.add(consumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.containsAll(Set.of("over-tls", "plain")));
    }

    @Test
    void enforcingBrokerServesTlsAndRefusesPlainText() throws Exception {
        startCluster(serverTls(TlsMode.PERMISSIVE), serverTls(TlsMode.ENFORCING));

        assertThat(startedProducer(true).send(message("EnforcedTopic", "over-tls")).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);

        DefaultMQProducer plain = startedProducer(false);
        assertThatThrownBy(() -> plain.send(message("EnforcedTopic", "plain"))).isInstanceOf(Exception.class);
        assertThat(broker.tls().refusedPlainConnections()).isPositive();
        assertThat(broker.tls().plainConnections()).isZero();
        // A consume queue entry appears when the store dispatches the message, just after SEND_OK.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored("EnforcedTopic")).isEqualTo(1));
    }

    @Test
    void brokerRequiringClientCertificatesRefusesAClientWithoutATrustedOne() throws Exception {
        TlsConfig requiring = serverTls(TlsMode.ENFORCING).with(TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH, "require")
                .with(TlsConfig.TLS_SERVER_AUTH_CLIENT, "true")
                .with(TlsConfig.TLS_SERVER_TRUST_CERT_PATH, certs.caCert().toString());
        startCluster(serverTls(TlsMode.PERMISSIVE), requiring);

        officialClientChecksServerAndPresents(certs.trustedClient());
        assertThat(startedProducer(true).send(message("MutualTopic", "trusted")).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);

        officialClientChecksServerAndPresents(certs.untrustedClient());
        DefaultMQProducer stranger = startedProducer(true);
        assertThatThrownBy(() -> stranger.send(message("MutualTopic", "untrusted"))).isInstanceOf(Exception.class);

        officialClientChecksServerAndPresents(null);
        DefaultMQProducer anonymous = startedProducer(true);
        assertThatThrownBy(() -> anonymous.send(message("MutualTopic", "no certificate"))).isInstanceOf(Exception.class);

        await().until(() -> broker.tls().failedHandshakes() >= 2);
    }

    @Test
    void brokerWithTlsRegistersWithANameServerThatEnforcesItAndChecksItsCertificate() throws Exception {
        Path tlsFile = dir.resolve("namesrv-tls.properties");
        Files.writeString(tlsFile, String.join("\n",
                "tls.server.mode=enforcing",
                "tls.server.certPath=" + certs.server().cert(),
                "tls.server.keyPath=" + certs.server().key(),
                "tls.server.need.client.auth=require",
                "tls.server.authClient=true",
                "tls.server.trustCertPath=" + certs.caCert()) + "\n");
        TlsConfig brokerTls = serverTls(TlsMode.ENFORCING)
                .with(TlsConfig.TLS_CLIENT_CERT_PATH, certs.trustedClient().cert().toString())
                .with(TlsConfig.TLS_CLIENT_KEY_PATH, certs.trustedClient().key().toString())
                .with(TlsConfig.TLS_CLIENT_AUTH_SERVER, "true")
                .with(TlsConfig.TLS_CLIENT_TRUST_CERT_PATH, certs.caCert().toString());

        startCluster(TlsConfig.none().with(TlsConfig.TLS_CONFIG_FILE, tlsFile.toString()), brokerTls);

        assertThat(nameServer.tls().mode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(nameServer.tls().tlsConnections()).isPositive();
        assertThat(nameServer.registry().route("TBW102", null).brokerDatas()).isNotEmpty();
        officialClientChecksServerAndPresents(certs.trustedClient());
        assertThat(startedProducer(true).send(message("RegisteredTopic", "routed over tls")).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void processStartedWithTlsEnableSendsWithoutSettingUseTls() throws Exception {
        startCluster(serverTls(TlsMode.ENFORCING), serverTls(TlsMode.ENFORCING));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dtls.enable=true", "-Dtls.test.mode.enable=false", "-Dtls.client.authServer=true",
                "-Dtls.client.trustCertPath=" + certs.caCert(),
                "-cp", System.getProperty("java.class.path"), TlsProducerProcess.class.getName(),
                namesrvAddr(), "ProcessTopic").redirectErrorStream(true).start();
        opened.add(process::destroyForcibly);
        String output = readAll(process);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("SENT SEND_OK");
        assertThat(broker.tls().tlsConnections()).isPositive();
    }

    /** Apogee's own client (which {@code apogee bench} uses) takes the same {@code useTLS} switch. */
    @Test
    void apogeeClientWithUseTlsSendsToEnforcingServers() throws Exception {
        startCluster(serverTls(TlsMode.ENFORCING), serverTls(TlsMode.ENFORCING));
        Producer producer = new Producer("apogee_tls_producer");
        producer.setNamesrvAddr(namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("apogee-tls"));
        producer.setUseTLS(true);
        producer.start();
        opened.add(producer::shutdown);

        assertThat(producer.send(new io.apogee.client.message.Message("ApogeeTlsTopic",
                "over tls".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                .isEqualTo(io.apogee.client.producer.SendStatus.SEND_OK);
        assertThat(broker.tls().tlsConnections()).isPositive();
        assertThat(broker.tls().refusedPlainConnections()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored("ApogeeTlsTopic")).isEqualTo(1));
    }

    /** Messages the broker holds in {@code topic}, all queues together. */
    private long stored(String topic) {
        long total = 0;
        for (int queue = 0; queue < 16; queue++) {
            total += broker.store().maxOffsetInQueue(topic, queue);
        }
        return total;
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
