package io.apogee.namesrv;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameServerConfigTest {

    private static Properties props(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void readsRocketMqKeyNames() {
        NameServerConfig config = NameServerConfig.from(props("listenPort", "19876", "bindAddress", "127.0.0.1",
                "orderMessageEnable", "true", "rocketmqHome", "/srv/ns"));

        assertThat(config.listenPort()).isEqualTo(19876);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.orderMessageEnable()).isTrue();
        assertThat(config.kvConfigPath()).isEqualTo(Path.of("/srv/ns", "kvConfig.json"));
    }

    @Test
    void refusesATypoInsteadOfIgnoringIt() {
        assertThatThrownBy(() -> NameServerConfig.from(props("listenPrt", "1")))
                .hasMessageEndingWith("unknown name server configuration key(s): 'listenPrt' (did you mean 'listenPort'?)");
        assertThatThrownBy(() -> NameServerConfig.from(props("colour", "blue")))
                .hasMessageContaining("unknown name server configuration key(s): 'colour'; known keys: [")
                .hasMessageContaining("bindAddress");
    }

    @Test
    void reportsEveryMistakeOfAFileAtOnce() {
        assertThatThrownBy(() -> NameServerConfig.from(props("listenPrt", "1", "serverWorkerThreads", "0",
                "orderMessageEnable", "yes")))
                .hasMessageContaining("'listenPrt' (did you mean 'listenPort'?)")
                .hasMessageContaining("serverWorkerThreads=0: must be at least 1")
                .hasMessageContaining("orderMessageEnable=yes: must be true or false");
    }

    @Test
    void theTableDescribesEveryKeyAndItsDefaultIsWhatANewConfigHolds() {
        NameServerConfig defaults = new NameServerConfig();
        for (var key : NameServerConfig.table().keys()) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
            assertThat(NameServerConfig.table().values(defaults)).containsEntry(key.name(), key.defaultText());
        }
    }

    @Test
    void readsRocketMqsControllerKeysIntoTheEmbeddedControllersSettings() {
        // As RocketMQ's controller quick-start namesrv.conf and its container example set them.
        NameServerConfig config = NameServerConfig.from(props("enableControllerInNamesrv", "true",
                "controllerDLegerGroup", "group1", "controllerDLegerPeers", "n0-127.0.0.1:9878",
                "controllerDLegerSelfId", "n0", "supportActingMaster", "true", "listenPort", "19876"));
        assertThat(config.listenPort()).isEqualTo(19876);
        assertThat(config.controller().group()).isEqualTo("group1");
        assertThat(config.controller().selfId()).isEqualTo("n0");
        assertThat(config.controller().peers()).hasSize(1);
        assertThatThrownBy(() -> NameServerConfig.from(props("enableControllerInNamesrv", "true",
                "controllerDLegerGroup", "group1", "controllerDLegerPeers", "n0-127.0.0.1:9878",
                "controllerDLegerSelfId", "n7"))).hasMessageContaining("controllerDLegerSelfId");
        assertThat(NameServerConfig.from(props("listenPort", "1")).controller()).isNull();
    }

    @Test
    void refusesUnparsableAndOutOfRangeValuesNamingTheKey() {
        assertThatThrownBy(() -> NameServerConfig.from(props("listenPort", "ninety")))
                .hasMessageContaining("listenPort");
        assertThatThrownBy(() -> NameServerConfig.from(props("listenPort", "70000")))
                .hasMessageContaining("listenPort");
        assertThatThrownBy(() -> NameServerConfig.from(props("orderMessageEnable", "yes")))
                .hasMessageContaining("orderMessageEnable");
    }
}
