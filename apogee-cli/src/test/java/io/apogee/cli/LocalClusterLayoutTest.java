package io.apogee.cli;

import io.apogee.broker.BrokerConfig;
import io.apogee.controller.ControllerConfig;
import io.apogee.namesrv.NameServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The files {@code apogee local-cluster} writes are ones its members start from, on ports that do not collide. */
class LocalClusterLayoutTest {

    @TempDir
    Path dir;

    @Test
    void everyMemberReadsItsFileAndNoTwoShareAPort() throws Exception {
        List<LocalClusterLayout.Member> members = new LocalClusterLayout(dir, 30_000).write();
        assertThat(members).extracting(LocalClusterLayout.Member::name).containsExactly("controller-0",
                "controller-1", "controller-2", "namesrv", "broker-1", "broker-2", "broker-3");
        Set<Integer> ports = new HashSet<>();
        for (LocalClusterLayout.Member member : members) {
            Path file = Path.of(member.command().get(2));
            assertThat(file).startsWith(dir.toAbsolutePath());
            switch (member.command().get(0)) {
                case "controller" -> {
                    ControllerConfig c = ConfigFile.parse(file, ConfigFile.read(file), ControllerConfig::from)
                            .validate();
                    assertThat(ports.add(c.listenPort())).isTrue();
                    assertThat(c.brokerHeartbeatTimeoutMillis()).as("a new leader waits as long as brokers promise")
                            .isEqualTo(LocalClusterLayout.BROKER_HEARTBEAT_TIMEOUT_MILLIS);
                    c.peers().forEach(p -> ports.add(p.port()));
                }
                case "namesrv" -> assertThat(ports.add(ConfigFile.parse(file, ConfigFile.read(file),
                        NameServerConfig::from).listenPort())).isTrue();
                default -> {
                    BrokerConfig b = ConfigFile.parse(file, ConfigFile.read(file), BrokerConfig::from).validate();
                    assertThat(b.ha().enableControllerMode()).isTrue();
                    assertThat(b.ha().controllerHeartBeatTimeoutMills())
                            .isEqualTo(LocalClusterLayout.BROKER_HEARTBEAT_TIMEOUT_MILLIS);
                    assertThat(b.ha().controllerAddr()).isEqualTo("127.0.0.1:30001;127.0.0.1:30002;127.0.0.1:30003");
                    assertThat(ports.add(b.listenPort())).isTrue();
                    assertThat(ports.add(b.ha().haPort(b.listenPort()))).as("replication port").isTrue();
                }
            }
            assertThat(member.address()).startsWith("127.0.0.1:");
        }
        assertThat(ports).hasSize(3 + 3 + 1 + 3 + 3);
    }

    @Test
    void anAsynchronousLayoutMakesEveryBrokerAnAsyncMasterWhenElected() throws Exception {
        for (LocalClusterLayout.Member member : new LocalClusterLayout(dir, 30_000, "ASYNC_MASTER").write()) {
            if (member.name().startsWith("broker")) {
                Path file = Path.of(member.command().get(2));
                BrokerConfig b = ConfigFile.parse(file, ConfigFile.read(file), BrokerConfig::from).validate();
                assertThat(b.ha().brokerRole()).hasToString("ASYNC_MASTER");
            }
        }
        assertThatThrownBy(() -> new LocalClusterLayout(dir, 30_000, "SLAVE")).hasMessageContaining("ASYNC_MASTER");
    }

    @Test
    void aBasePortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new LocalClusterLayout(dir, 65_400)).hasMessageContaining("--base-port");
    }
}
