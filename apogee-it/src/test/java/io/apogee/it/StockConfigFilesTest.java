package io.apogee.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * RocketMQ 5.3.3's own example configurations, unpacked by the build from its source release on Maven Central
 * (never copied into this repository), start an Apogee broker that registers with the name server, and its
 * example name server files start a name server; a misspelt key fails naming the key it probably meant.
 */
class StockConfigFilesTest {

    /** The example folders whose broker files the README promises start as they are. */
    private static final List<String> BROKER_EXAMPLES = List.of("2m-noslave", "2m-2s-async", "2m-2s-sync");

    @TempDir
    Path dir;
    private final Closer closer = new Closer();
    private final ListAppender<ILoggingEvent> brokerConfigLog = new ListAppender<>();
    private NameServer nameServer;

    @BeforeEach
    void captureTheConfigurationWarnings() {
        brokerConfigLog.start();
        ((Logger) LoggerFactory.getLogger(BrokerConfig.class)).addAppender(brokerConfigLog);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(BrokerConfig.class)).detachAppender(brokerConfigLog);
        closer.close();
    }

    private static Path conf() {
        Path conf = Path.of(System.getProperty("rocketmq.conf.dir"));
        assertThat(conf).as("RocketMQ's conf folder, unpacked by the build").isDirectory();
        return conf;
    }

    private static Properties read(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** broker.conf and every broker file of the 2m-noslave, 2m-2s-async and 2m-2s-sync examples. */
    static Stream<String> brokerExamples() throws Exception {
        List<String> files = new ArrayList<>(List.of("broker.conf"));
        for (String example : BROKER_EXAMPLES) {
            try (Stream<Path> listed = Files.list(conf().resolve(example))) {
                listed.map(file -> example + "/" + file.getFileName()).sorted().forEach(files::add);
            }
        }
        // 1 + (3 + 4 + 4) in RocketMQ 5.3.3: a missing folder must not shrink the test silently.
        assertThat(files).hasSize(12);
        return files.stream();
    }

    private String startNameServer() {
        nameServer = closer.add(new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv"))), NameServer::shutdown);
        nameServer.start();
        return "127.0.0.1:" + nameServer.localAddress().getPort();
    }

    @ParameterizedTest
    @MethodSource("brokerExamples")
    void rocketMqsExampleBrokerConfigStartsABroker(String file) throws Exception {
        Properties properties = read(conf().resolve(file));
        // Only where this machine differs from the example's: loopback, free ports, a temporary store.
        properties.setProperty("namesrvAddr", startNameServer());
        properties.setProperty("listenPort", "0");
        properties.setProperty("bindAddress", "127.0.0.1");
        properties.setProperty(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString());
        BrokerConfig config = BrokerConfig.from(properties);

        Broker broker = closer.add(new Broker(config), Broker::shutdown);
        broker.start();

        String brokerName = properties.getProperty("brokerName").trim();
        long brokerId = Long.parseLong(properties.getProperty("brokerId").trim());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var registered = nameServer.registry().clusterInfo().brokerAddrTable().get(brokerName);
            assertThat(registered).as("broker %s registered", brokerName).isNotNull();
            assertThat(registered.brokerAddrs()).containsEntry(brokerId, broker.brokerAddr());
        });
        assertThat(broker.brokerAddr()).startsWith("127.0.0.1:");
        assertThat(config.store().fileReservedTimeHours())
                .isEqualTo(Integer.parseInt(properties.getProperty("fileReservedTime").trim()));
        assertThat(config.store().flushDiskType().name()).isEqualTo(properties.getProperty("flushDiskType").trim());
        // brokerRole is acted on: the broker takes the file's role, and no warning calls it ignored.
        assertThat(config.ha().brokerRole().name()).isEqualTo(properties.getProperty("brokerRole").trim());
        assertThat(brokerConfigLog.list).filteredOn(line -> line.getLevel() == Level.WARN)
                .noneSatisfy(line -> assertThat(line.getFormattedMessage()).contains("brokerRole"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller/quick-start/namesrv.conf", "container/2container-2m-2s/nameserver.conf"})
    void rocketMqsExampleNameServerConfigStartsANameServer(String file) throws Exception {
        Properties properties = read(conf().resolve(file));
        properties.setProperty(NameServerConfig.LISTEN_PORT, "0");
        properties.setProperty(NameServerConfig.BIND_ADDRESS, "127.0.0.1");
        properties.setProperty(NameServerConfig.ROCKETMQ_HOME, dir.resolve("namesrv").toString());
        nameServer = closer.add(new NameServer(NameServerConfig.from(properties)), NameServer::shutdown);
        nameServer.start();
        assertThat(nameServer.localAddress().getPort()).isPositive();
    }

    @Test
    void aMisspeltBrokerKeyIsNamedWithTheKeyItProbablyMeant() throws Exception {
        Properties properties = read(conf().resolve("broker.conf"));
        properties.setProperty("brokerNmae", "broker-a");
        properties.setProperty("fileReservedTim", "48");
        assertThatThrownBy(() -> BrokerConfig.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown broker configuration key")
                .hasMessageContaining("'brokerNmae' (did you mean 'brokerName'?)")
                .hasMessageContaining("'fileReservedTim' (did you mean 'fileReservedTime'?)")
                .hasMessageNotContaining("store configuration");
    }
}
