package io.apogee.broker;

import io.apogee.remoting.server.ServerConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    private static Properties props(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void threadPoolSizesUseRocketMqKeysAndDefaults() {
        BrokerConfig defaults = BrokerConfig.from(new Properties());
        assertThat(defaults.sendMessageThreadPoolNums()).isEqualTo(2);
        assertThat(defaults.pullMessageThreadPoolNums()).isEqualTo(4);

        Properties conf = new Properties();
        conf.setProperty("sendMessageThreadPoolNums", "1");
        conf.setProperty("pullMessageThreadPoolNums", "8");
        BrokerConfig config = BrokerConfig.from(conf);
        assertThat(config.sendMessageThreadPoolNums()).isEqualTo(1);
        assertThat(config.pullMessageThreadPoolNums()).isEqualTo(8);
    }

    @Test
    void aPoolWithoutThreadsIsRefusedNamingTheKey() {
        Properties conf = new Properties();
        conf.setProperty("pullMessageThreadPoolNums", "0");
        assertThatThrownBy(() -> BrokerConfig.from(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pullMessageThreadPoolNums").hasMessageContaining("must be at least 1");
    }

    @Test
    void aMisspeltKeyIsABrokerKeyNamedWithTheKeyItProbablyMeantWhicheverPartReadsIt() {
        Properties conf = props("brokerNmae", "broker-a", "flushDiskTyp", "ASYNC_FLUSH", "brokerRoel", "SLAVE");
        assertThatThrownBy(() -> BrokerConfig.from(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("unknown broker configuration key(s): 'brokerNmae' (did you mean 'brokerName'?), "
                        + "'brokerRoel' (did you mean 'brokerRole'?), 'flushDiskTyp' (did you mean 'flushDiskType'?)");
    }

    @Test
    void replicationKeysAreAcceptedAndTheOthersStillRead() {
        Properties conf = props("brokerRole", "SYNC_MASTER", "haListenPort", "10912", "brokerName", "broker-b",
                "deleteWhen", "04");
        assertThat(BrokerConfig.from(conf).brokerName()).isEqualTo("broker-b");
    }

    @Test
    void theLimitsOnOneClientAreReadFromTheFileAndReachTheServer() {
        ServerConfig defaults = BrokerConfig.from(new Properties()).limits().applyTo(new ServerConfig());
        assertThat(defaults.maxConnections()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
        assertThat(defaults.firstFrameTimeoutMillis()).isEqualTo(30_000);
        assertThat(defaults.idleTimeMillis()).isEqualTo(120_000);

        ServerConfig server = BrokerConfig.from(props("serverConnectionsMax", "50", "serverConnectionsPerAddressMax", "5",
                "firstFrameTimeoutMillis", "2000", "serverRequestsInFlightPerConnectionMax", "64",
                "frameMaxLength", "65536", "serverChannelMaxIdleTimeSeconds", "60")).limits().applyTo(new ServerConfig());
        assertThat(server.maxConnections()).isEqualTo(50);
        assertThat(server.maxConnectionsPerAddress()).isEqualTo(5);
        assertThat(server.firstFrameTimeoutMillis()).isEqualTo(2000);
        assertThat(server.maxRequestsInFlightPerConnection()).isEqualTo(64);
        assertThat(server.maxFrameLength()).isEqualTo(65536);
        assertThat(server.idleTimeMillis()).isEqualTo(60_000);

        BrokerConfig inverted = BrokerConfig.from(props("serverConnectionsMax", "5", "serverConnectionsPerAddressMax", "6"));
        assertThatThrownBy(() -> new Broker(inverted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'serverConnectionsPerAddressMax' (6) must be at most 'serverConnectionsMax' (5)");
        assertThatThrownBy(() -> BrokerConfig.from(props("serverConnectionsPerAddressMax", "0")))
                .hasMessageContaining("serverConnectionsPerAddressMax").hasMessageContaining("must be at least 1");
    }

    @Test
    void theMemoryBoundsAreReadFromTheFileWithTheRemotingDefaults() {
        BrokerConfig defaults = BrokerConfig.from(new Properties());
        assertThat(defaults.serverQueuedRequestBytesMax()).isEqualTo(128L * 1024 * 1024);
        assertThat(defaults.serverQueuedRequestBytesPerConnectionMax()).isEqualTo(32L * 1024 * 1024);
        assertThat(defaults.partialFrameBytesMax()).isEqualTo(128L * 1024 * 1024);
        assertThat(defaults.frameCompleteTimeoutMillis()).isEqualTo(30_000);

        BrokerConfig config = BrokerConfig.from(props("serverQueuedRequestBytesMax", "67108864",
                "serverQueuedRequestBytesPerConnectionMax", "8388608", "partialFrameBytesMax", "33554432",
                "frameCompleteTimeoutMillis", "5000"));
        assertThat(config.serverQueuedRequestBytesMax()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.serverQueuedRequestBytesPerConnectionMax()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.partialFrameBytesMax()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.frameCompleteTimeoutMillis()).isEqualTo(5000);
    }

    @Test
    void aConnectionBoundAboveTheTotalIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> BrokerConfig.from(props("serverQueuedRequestBytesMax", "1048576",
                "serverQueuedRequestBytesPerConnectionMax", "2097152")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serverQueuedRequestBytesMax");
        assertThatThrownBy(() -> BrokerConfig.from(props("partialFrameBytesMax", "1024")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partialFrameBytesMax");
    }

    @Test
    void reportsEveryMistakeOfAFileAtOnceWhicheverPartReadsTheKey() {
        Properties file = new Properties();
        file.setProperty("brokerNmae", "b");
        file.setProperty("listenPort", "70000");
        file.setProperty("autoCreateTopicEnable", "yes");
        file.setProperty("flushDiskType", "SOMETIMES");
        file.setProperty("maxMessageSize", "12");
        assertThatThrownBy(() -> BrokerConfig.from(file))
                .hasMessageContaining("'brokerNmae' (did you mean 'brokerName'?)")
                .hasMessageContaining("listenPort=70000: must be 0..65535")
                .hasMessageContaining("autoCreateTopicEnable=yes: must be true or false")
                .hasMessageContaining("flushDiskType=SOMETIMES")
                .hasMessageContaining("maxMessageSize=12: must be at least 256");
    }

    @Test
    void booleansMeanTheSameInEveryPart() {
        Properties file = new Properties();
        file.setProperty("autoCreateTopicEnable", "FALSE");
        file.setProperty("messageIndexEnable", "False");
        BrokerConfig config = BrokerConfig.from(file);
        assertThat(config.autoCreateTopicEnable()).isFalse();
        assertThat(config.store().messageIndexEnable()).isFalse();
    }

    @Test
    void eachTableDescribesEveryKeyAndANewConfigHoldsTheDefaultsItLists() {
        BrokerConfig defaults = new BrokerConfig();
        for (var key : BrokerConfig.table().keys()) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
            assertThat(BrokerConfig.table().values(defaults)).containsEntry(key.name(), key.defaultText());
        }
        for (var key : io.apogee.store.MessageStoreConfig.table().keys()) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
            assertThat(defaults.values()).containsEntry(key.name(), key.defaultText());
        }
    }

    @Test
    void metricsUseRocketMqFivesKeysAndAreOffByDefault() {
        assertThat(BrokerConfig.from(new Properties()).metrics().prometheus()).isFalse();
        BrokerConfig config = BrokerConfig.from(props("metricsExporterType", "PROM", "metricsPromExporterPort", "9557"));
        assertThat(config.metrics().prometheus()).isTrue();
        assertThat(config.metrics().port()).isEqualTo(9557);
        assertThat(config.values()).containsEntry("metricsExporterType", "PROM");
        assertThatThrownBy(() -> BrokerConfig.from(props("metricsExporterTyep", "PROM")))
                .hasMessageContaining("did you mean 'metricsExporterType'");
        assertThatThrownBy(() -> BrokerConfig.from(props("metricsExporterType", "LOG")))
                .hasMessageContaining("metricsExporterType");
    }
}
