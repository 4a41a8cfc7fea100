package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * RocketMQ 5.3.3's own example broker configurations, taken from its source release at build time, start an
 * Apogee broker that registers with the name server; a misspelt key fails naming the key it probably meant.
 */
class StockConfigFilesTest {

    @TempDir
    Path dir;
    private NameServer nameServer;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown();
        }
        if (nameServer != null) {
            nameServer.shutdown();
        }
    }

    private static Properties example(String file) throws Exception {
        Path conf = Path.of(System.getProperty("rocketmq.conf.dir")).resolve(file);
        assertThat(conf).as("RocketMQ's example file, unpacked by the build").exists();
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(conf)) {
            properties.load(in);
        }
        return properties;
    }

    @ParameterizedTest
    @ValueSource(strings = {"broker.conf", "2m-noslave/broker-a.properties", "2m-noslave/broker-trace.properties",
            "2m-2s-async/broker-a.properties", "2m-2s-sync/broker-a.properties", "2m-2s-sync/broker-b-s.properties"})
    void rocketMqsExampleBrokerConfigStartsABroker(String file) throws Exception {
        Properties properties = example(file);
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")));
        nameServer.start();
        // Only where this machine differs from the example's: loopback, a free port, a temporary store.
        properties.setProperty("namesrvAddr", "127.0.0.1:" + nameServer.localAddress().getPort());
        properties.setProperty("listenPort", "0");
        properties.setProperty("brokerIP1", "127.0.0.1");
        properties.setProperty(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString());
        BrokerConfig config = BrokerConfig.from(properties).bindAddress("127.0.0.1");

        broker = new Broker(config);
        broker.start();

        String brokerName = properties.getProperty("brokerName").trim();
        long brokerId = Long.parseLong(properties.getProperty("brokerId").trim());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var registered = nameServer.registry().clusterInfo().brokerAddrTable().get(brokerName);
            assertThat(registered).as("broker %s registered", brokerName).isNotNull();
            assertThat(registered.brokerAddrs()).containsEntry(brokerId, broker.brokerAddr());
        });
        assertThat(config.store().fileReservedTimeHours())
                .isEqualTo(Integer.parseInt(properties.getProperty("fileReservedTime").trim()));
    }

    @Test
    void aMisspeltBrokerKeyIsNamedWithTheKeyItProbablyMeant() throws Exception {
        Properties properties = example("broker.conf");
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
