package io.apogee.cli;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.FixedPorts;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apogee.cli.ServerStartLineTest.apogee;
import static io.apogee.cli.ServerStartLineTest.awaitLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three {@code apogee controller -c controller.conf} processes form a group; a broker group registered with it
 * survives a SIGKILL of the leader's process, and the new leader serves it.
 */
class ControllerCommandTest {

    private static final int CONTROLLER_REGISTER_BROKER = 1003;
    private static final int CONTROLLER_GET_REPLICA_INFO = 1004;
    private static final int CONTROLLER_GET_METADATA_INFO = 1005;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private final RemotingClient client = new RemotingClient(new ClientConfig());

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        client.shutdown();
    }

    @Test
    void threeControllerProcessesKeepABrokerGroupThroughTheLeadersKill(@TempDir Path dir) throws Exception {
        String peers = "n0-127.0.0.1:" + FixedPorts.next() + ";n1-127.0.0.1:" + FixedPorts.next()
                + ";n2-127.0.0.1:" + FixedPorts.next();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path home = Files.createDirectories(dir.resolve("n" + i));
            Path conf = Files.writeString(home.resolve("controller.conf"), "controllerDLegerGroup = group1\n"
                    + "controllerDLegerPeers = " + peers + "\ncontrollerDLegerSelfId = n" + i + "\n"
                    + "listenPort = 0\nbindAddress = 127.0.0.1\ncontrollerType = DLedger\n"
                    + "rocketmqHome = " + home.toString().replace('\\', '/') + "\n");
            Path log = home.resolve("console.log");
            processes.add(apogee(log, "controller", "-c", conf.toString()));
            Matcher ready = awaitLine(log, Pattern.compile("Apogee controller n" + i + " ready on (\\S+) in \\d+ ms"));
            addresses.add(ready.group(1));
        }
        client.start();
        int leader = awaitLeader(addresses, -1);
        RemotingCommand registered = send(addresses.get(leader), CONTROLLER_REGISTER_BROKER, Map.of("clusterName",
                "c1", "brokerName", "broker-a", "brokerId", 1L, "brokerAddress", "127.0.0.1:10911"));
        assertThat(registered.code()).as(registered.remark()).isZero();

        processes.get(leader).destroyForcibly().waitFor();
        int next = awaitLeader(addresses, leader);
        RemotingCommand info = send(addresses.get(next), CONTROLLER_GET_REPLICA_INFO, Map.of("brokerName", "broker-a"));
        assertThat(info.code()).as(info.remark()).isZero();
        assertThat(new String(info.body())).contains("\"syncStateSet\"");
    }

    /** The index of the controller that says it leads, skipping {@code dead}. */
    private int awaitLeader(List<String> addresses, int dead) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (int i = 0; i < addresses.size(); i++) {
                if (i == dead) {
                    continue;
                }
                try {
                    RemotingCommand metadata = send(addresses.get(i), CONTROLLER_GET_METADATA_INFO, Map.of());
                    if ("true".equals(metadata.extField("isLeader"))) {
                        return i;
                    }
                } catch (Exception e) {
                    // Not listening yet, or just killed: ask the next one.
                }
            }
            return null;
        }, Objects::nonNull);
    }

    private RemotingCommand send(String address, int code, Map<String, Object> header) throws Exception {
        RemotingCommand request = RemotingCommand.request(code);
        header.forEach((k, v) -> HeaderFields.put(HeaderFields.writable(request), k, v));
        return client.invokeSync(address, request, 15_000);
    }
}
