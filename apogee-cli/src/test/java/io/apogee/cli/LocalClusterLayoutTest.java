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
        for (LocalClusterLayout.Member member : new LocalClusterLayout(dir, 30_000, "ASYNC_MASTER", false).write()) {
            if (member.name().startsWith("broker")) {
                Path file = Path.of(member.command().get(2));
                BrokerConfig b = ConfigFile.parse(file, ConfigFile.read(file), BrokerConfig::from).validate();
                assertThat(b.ha().brokerRole()).hasToString("ASYNC_MASTER");
            }
        }
        assertThatThrownBy(() -> new LocalClusterLayout(dir, 30_000, "SLAVE", false)).hasMessageContaining("ASYNC_MASTER");
    }

    @Test
    void aRelayedLayoutPutsARelayOnEveryPathIntoAndOutOfEachBroker() throws Exception {
        LocalClusterLayout layout = new LocalClusterLayout(dir, 30_000, "SYNC_MASTER", true);
        List<LocalClusterLayout.Member> members = layout.write();
        Set<Integer> listened = new HashSet<>();
        for (LocalClusterLayout.Relay relay : layout.relays()) {
            assertThat(listened.add(relay.listen().getPort())).as("relay port %s", relay.listen()).isTrue();
        }
        for (LocalClusterLayout.Member member : members) {
            Path file = Path.of(member.command().get(2));
            if (member.name().startsWith("broker")) {
                BrokerConfig b = ConfigFile.parse(file, ConfigFile.read(file), BrokerConfig::from).validate();
                assertThat(b.bindAddress()).isEqualTo(LocalClusterLayout.RELAYED_BROKER_HOST);
                List<LocalClusterLayout.Relay> own = layout.relays().stream()
                        .filter(r -> r.broker().equals(member.name())).toList();
                // In: clients and slaves reach the advertised address, relayed to where the broker listens.
                assertThat(own).anyMatch(r -> ("127.0.0.1:" + r.listen().getPort()).equals(member.address())
                        && r.target().getHostString().equals(LocalClusterLayout.RELAYED_BROKER_HOST));
                assertThat(own).anyMatch(r -> r.listen().getPort() == b.ha().haPort(b.listenPort()));
                // Out: every controller and the name server through relays of its own.
                for (String address : (b.ha().controllerAddr() + ";" + b.namesrvAddr()).split(";")) {
                    int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
                    assertThat(own).anyMatch(r -> r.listen().getPort() == port);
                }
            } else {
                assertThat(listened).as(member.name() + " shares no port with a relay")
                        .doesNotContain(Integer.parseInt(member.address().substring(member.address().indexOf(':') + 1)));
            }
        }
        assertThat(layout.relays()).hasSize(3 * 6);
    }

    @Test
    void aBasePortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new LocalClusterLayout(dir, 65_400)).hasMessageContaining("--base-port");
    }
}
