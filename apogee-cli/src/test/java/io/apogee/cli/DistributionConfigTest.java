package io.apogee.cli;

import io.apogee.broker.BrokerConfig;
import io.apogee.controller.ControllerConfig;
import io.apogee.namesrv.NameServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The example configuration files the distribution ships are read without an error, with the values shown. */
class DistributionConfigTest {

    private static final Path CONF = Path.of("src", "dist", "conf");

    @Test
    void everyBrokerExampleIsAValidBrokerConfig() {
        for (String name : List.of("standalone.conf", "broker.conf", "cluster/broker-a.conf", "cluster/broker-b.conf")) {
            Properties settings = ConfigFile.read(CONF.resolve(name));
            assertThat(settings).as(name).isNotEmpty();
            assertThatCode(() -> BrokerConfig.from(settings)).as(name).doesNotThrowAnyException();
        }
        BrokerConfig a = BrokerConfig.from(ConfigFile.read(CONF.resolve("cluster/broker-a.conf")));
        BrokerConfig b = BrokerConfig.from(ConfigFile.read(CONF.resolve("cluster/broker-b.conf")));
        assertThat(a.brokerName()).isNotEqualTo(b.brokerName());
        assertThat(a.listenPort()).isNotEqualTo(b.listenPort());
        assertThat(a.store().storePathRootDir()).isNotEqualTo(b.store().storePathRootDir());
    }

    @Test
    void theNameServerExampleIsAValidNameServerConfig() {
        NameServerConfig config = NameServerConfig.from(ConfigFile.read(CONF.resolve("namesrv.conf")));
        assertThat(config.listenPort()).isEqualTo(9876);
    }

    @Test
    void theControllerExamplesFormOneGroupOfThree() {
        Set<String> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ControllerConfig config = ControllerConfig.from(ConfigFile.read(CONF.resolve("controller/controller-n" + i
                    + ".conf")));
            assertThat(config.peers()).hasSize(3);
            ids.add(config.selfId());
            ports.add(config.listenPort());
        }
        assertThat(ids).containsExactlyInAnyOrder("n0", "n1", "n2");
        assertThat(ports).hasSize(3);
    }
}
