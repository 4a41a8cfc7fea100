package io.apogee.controller;

import io.apogee.controller.state.BrokerGroup;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.apogee.controller.ControllerGroup.PATIENCE;
import static io.apogee.controller.ControllerGroupTest.broker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A master whose connection to the controller closes is replaced without waiting for the periodic scan (here
 * set so long it never runs), and every member of the group hears of each new master at once
 * (NOTIFY_BROKER_ROLE_CHANGED) on its own remoting port.
 */
class RoleNoticeTest {

    @TempDir
    Path folder;
    private ControllerGroup group;
    private final List<RemotingServer> brokers = new ArrayList<>();
    private final Map<Integer, Queue<RemotingCommand>> notices = new ConcurrentHashMap<>();
    private final RemotingClient masterClient = new RemotingClient(new ClientConfig());
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        beats.shutdownNow();
        masterClient.shutdown();
        brokers.forEach(RemotingServer::shutdown);
        if (group != null) {
            group.close();
        }
    }

    /** A broker's remoting port that only records the controller's notices; returns its address. */
    private String brokerPort(int id) {
        RemotingServer server = new RemotingServer(new ServerConfig().name("broker-" + id).bindAddress("127.0.0.1")
                .port(0));
        Queue<RemotingCommand> received = new ConcurrentLinkedQueue<>();
        notices.put(id, received);
        server.registerProcessor(ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED, (context, request) -> {
            received.add(request);
            return null;
        }, BoundedExecutor.create("notices-" + id, 1, 16));
        server.start();
        brokers.add(server);
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private static RemotingCommand send(RemotingClient client, Controller to, int code, Map<String, Object> header,
                                        byte[] body) throws Exception {
        RemotingCommand request = RemotingCommand.request(code).body(body);
        Map<String, String> fields = HeaderFields.writable(request);
        header.forEach((k, v) -> HeaderFields.put(fields, k, v));
        return client.invokeSync(to.remotingAddress(), request, 15_000);
    }

    private static Map<String, Object> heartbeat(long id, String address, long timeoutMillis) {
        return Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerAddr", address, "brokerId", id,
                "heartbeatTimeoutMills", timeoutMillis, "maxOffset", 100L);
    }

    @Test
    void aMasterWhoseConnectionClosesIsReplacedAndEveryMemberIsToldAtOnce() throws Exception {
        group = new ControllerGroup(folder, c -> c.scanInactiveMasterInterval(600_000));
        masterClient.start();
        Controller leader = group.leader();
        String first = brokerPort(1);
        String second = brokerPort(2);

        // Broker 1 talks over a connection of its own; broker 2 over the group's client, which stays open.
        assertThat(send(masterClient, leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                broker("broker-a", 1, first), null).code()).isZero();
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 2, second),
                null).code()).isZero();
        RemotingCommand elected = group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerId", 1L), null);
        assertThat(elected.code()).as(elected.remark()).isZero();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(notices.get(1)).anyMatch(n -> "1".equals(n.extField("masterBrokerId")));
            assertThat(notices.get(2)).anyMatch(n -> "1".equals(n.extField("masterBrokerId"))
                    && first.equals(n.extField("masterAddress")) && "1".equals(n.extField("masterEpoch")));
        });

        byte[] bothInSync = "{\"syncStateSet\":[1,2],\"syncStateSetEpoch\":1}".getBytes(StandardCharsets.UTF_8);
        RemotingCommand altered = group.send(leader, ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
                Map.of("brokerName", "broker-a", "masterBrokerId", 1L, "masterEpoch", 1), bothInSync);
        assertThat(altered.code()).as(altered.remark()).isZero();
        // Broker 2 stays alive for a minute per heartbeat; broker 1 promised to beat every 1.5 s at most.
        beats.scheduleWithFixedDelay(() -> {
            try {
                group.send(leader, ControllerCodes.BROKER_HEARTBEAT, heartbeat(2, second, 60_000), null);
            } catch (Exception e) {
                // The next beat tries again.
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        assertThat(send(masterClient, leader, ControllerCodes.BROKER_HEARTBEAT, heartbeat(1, first, 1_500), null)
                .code()).isZero();

        masterClient.closeConnection(leader.remotingAddress());

        await().atMost(PATIENCE).untilAsserted(() -> {
            BrokerGroup now = leader.state().group("broker-a");
            assertThat(now.masterBrokerId()).isEqualTo(2L);
            assertThat(now.masterEpoch()).isEqualTo(2);
        });
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(notices.get(2)).anyMatch(n -> "2".equals(n.extField("masterBrokerId"))
                    && second.equals(n.extField("masterAddress")) && "2".equals(n.extField("masterEpoch")));
            assertThat(notices.get(1)).anyMatch(n -> "2".equals(n.extField("masterBrokerId")));
        });
    }
}
