package io.apogee.namesrv;

import io.apogee.controller.Controller;
import io.apogee.protocol.body.PropertiesBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.FixedPorts;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code enableControllerInNamesrv=true}: three name servers are also a controller group, on their own ports. */
class ControllerInNameServerTest {

    private static final int CONTROLLER_REGISTER_BROKER = 1003;
    private static final int CONTROLLER_GET_METADATA_INFO = 1005;

    @TempDir
    Path folder;
    private final List<NameServer> nameServers = new ArrayList<>();
    private final RemotingClient client = new RemotingClient(new ClientConfig());

    @AfterEach
    void stop() {
        nameServers.forEach(NameServer::shutdown);
        client.shutdown();
    }

    @Test
    void threeNameServersElectAControllerLeaderAndShareBrokerGroups() throws Exception {
        FixedPorts.startOnFreshPorts(3, ports -> {
            // A folder per attempt: a failed one leaves stores that name the other ports.
            startThree(folder.resolve("on-" + ports[0]),
                    "n0-127.0.0.1:" + ports[0] + ";n1-127.0.0.1:" + ports[1] + ";n2-127.0.0.1:" + ports[2]);
            return null;
        });
        client.start();
        NameServer leader = await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (NameServer n : nameServers) {
                RemotingCommand metadata = send(n, CONTROLLER_GET_METADATA_INFO, Map.of());
                if ("true".equals(metadata.extField("isLeader"))
                        && address(n).equals(metadata.extField("controllerLeaderAddress"))) {
                    return n;
                }
            }
            return null;
        }, Objects::nonNull);

        RemotingCommand registered = send(leader, CONTROLLER_REGISTER_BROKER, Map.of("clusterName", "c1",
                "brokerName", "broker-a", "brokerId", 1L, "brokerAddress", "127.0.0.1:10911"));
        assertThat(registered.code()).as(registered.remark()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (NameServer n : nameServers) {
                Controller controller = n.controller();
                assertThat(controller.state().group("broker-a")).isNotNull();
                assertThat(controller.state().group("broker-a").members()).containsEntry(1L, "127.0.0.1:10911");
            }
        });

        RemotingCommand settings = send(nameServers.get(0), RequestCode.GET_NAMESRV_CONFIG, Map.of());
        assertThat(PropertiesBody.decode(settings.body()).getProperty("enableControllerInNamesrv")).isEqualTo("true");
    }

    /** Starts three name servers with controllers on {@code peers}, under {@code home}; on failure stops those started (a
     * name server that fails to start releases its own port). */
    private void startThree(Path home, String peers) throws IOException {
        try {
            for (int i = 0; i < 3; i++) {
                Properties conf = new Properties();
                conf.setProperty("listenPort", "0");
                conf.setProperty("bindAddress", "127.0.0.1");
                conf.setProperty("rocketmqHome", home.resolve("n" + i).toString());
                conf.setProperty("enableControllerInNamesrv", "true");
                conf.setProperty("controllerDLegerGroup", "in-namesrv");
                conf.setProperty("controllerDLegerPeers", peers);
                conf.setProperty("controllerDLegerSelfId", "n" + i);
                Files.createDirectories(home.resolve("n" + i));
                NameServer nameServer = new NameServer(NameServerConfig.from(conf));
                nameServer.start();
                nameServers.add(nameServer);
            }
        } catch (RuntimeException e) {
            nameServers.forEach(NameServer::shutdown);
            nameServers.clear();
            throw e;
        }
    }

    private static String address(NameServer n) {
        return "127.0.0.1:" + n.localAddress().getPort();
    }

    private RemotingCommand send(NameServer to, int code, Map<String, Object> header) throws Exception {
        RemotingCommand request = RemotingCommand.request(code);
        header.forEach((k, v) -> HeaderFields.put(HeaderFields.writable(request), k, v));
        return client.invokeSync(address(to), request, 15_000);
    }
}
