package io.apogee.controller;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.FixedPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.apogee.controller.ControllerGroup.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three controllers on loopback agree on broker groups, and keep agreeing when their leader dies. */
class ControllerGroupTest {

    @TempDir
    Path folder;
    private ControllerGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
    }

    static Map<String, Object> broker(String name, long id, String address) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("clusterName", "c1");
        header.put("brokerName", name);
        header.put("brokerId", id);
        header.put("brokerAddress", address);
        header.put("invokeTime", System.currentTimeMillis());
        return header;
    }

    /** The lost-master scan would elect on its own; these tests elect by request, so it stays out of the way. */
    private static void noScan(ControllerConfig config) {
        config.scanInactiveMasterInterval(600_000);
    }

    @Test
    void aRegistrationIsSeenByAllThreeAndFollowersNameTheLeader() throws Exception {
        group = new ControllerGroup(folder, ControllerGroupTest::noScan);
        Controller leader = group.leader();
        RemotingCommand registered = group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                broker("broker-a", 1, "127.0.0.1:10911"), null);
        assertThat(registered.code()).as(registered.remark()).isZero();
        assertThat(registered.extField("masterBrokerId")).isNull();
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                broker("broker-a", 2, "127.0.0.1:10921"), null).code()).isZero();
        RemotingCommand elected = group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerId", 1L, "designateElect", false), null);
        assertThat(elected.code()).as(elected.remark()).isZero();
        assertThat(elected.extField("masterBrokerId")).isEqualTo("1");
        assertThat(elected.extField("masterEpoch")).isEqualTo("1");
        JSONObject body = JSON.parseObject(new String(elected.body()));
        assertThat(body.getJSONObject("brokerMemberGroup").getString("brokerName")).isEqualTo("broker-a");
        assertThat(body.getJSONArray("syncStateSet").toJavaList(Long.class)).containsExactly(1L);
        // Another broker asking for an election while the master lives is told who it is, and the in-sync set.
        RemotingCommand stillThere = group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerId", 2L, "designateElect", false), null);
        assertThat(stillThere.code()).isEqualTo(ControllerCodes.CONTROLLER_MASTER_STILL_EXIST);
        assertThat(stillThere.extField("masterBrokerId")).isEqualTo("1");
        assertThat(JSON.parseObject(new String(stillThere.body())).getJSONArray("syncStateSet")
                .toJavaList(Long.class)).containsExactly(1L);

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Controller c : group.running()) {
                BrokerGroup seen = c.state().group("broker-a");
                assertThat(seen).isNotNull();
                assertThat(seen.members()).containsOnlyKeys(1L, 2L);
                assertThat(seen.masterBrokerId()).isEqualTo(1L);
                assertThat(seen.masterEpoch()).isEqualTo(1);
            }
        });

        Controller follower = group.running().stream().filter(c -> c != leader).findFirst().orElseThrow();
        RemotingCommand refused = group.send(follower, ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
                Map.of("brokerName", "broker-a"), null);
        assertThat(refused.code()).isEqualTo(ControllerCodes.CONTROLLER_NOT_LEADER);
        assertThat(refused.remark()).contains(leader.remotingAddress());
        RemotingCommand metadata = group.send(follower, ControllerCodes.CONTROLLER_GET_METADATA_INFO, Map.of(), null);
        assertThat(metadata.extField("controllerLeaderAddress")).isEqualTo(leader.remotingAddress());
        assertThat(metadata.extField("isLeader")).isEqualTo("false");
        assertThat(metadata.extField("group")).isEqualTo("test-group");
    }

    @Test
    void aRaftPortTakenBeforeTheGroupBindsItIsReplacedByAFreshOne() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();
            AtomicBoolean first = new AtomicBoolean(true);
            group = new ControllerGroup(folder, ControllerGroupTest::noScan,
                    () -> first.getAndSet(false) ? taken : FixedPorts.next());
            assertThat(group.peers().split(";")).hasSize(3).noneMatch(peer -> peer.endsWith(":" + taken));
            Controller leader = group.leader();
            assertThat(group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                    broker("broker-a", 1, "127.0.0.1:10911"), null).code()).isZero();
        }
    }

    @Test
    void killingTheLeaderKeepsTheStateAndANewLeaderServes() throws Exception {
        group = new ControllerGroup(folder, ControllerGroupTest::noScan);
        Controller leader = group.leader();
        group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 1, "127.0.0.1:10911"), null);
        group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 2, "127.0.0.1:10921"), null);
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerId", 1L), null).code()).isZero();

        group.stop(group.indexOf(leader));
        Controller next = group.leader();
        assertThat(next).isNotSameAs(leader);

        RemotingCommand info = group.send(next, ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
                Map.of("brokerName", "broker-a"), null);
        assertThat(info.code()).as(info.remark()).isZero();
        assertThat(info.extField("masterBrokerId")).isEqualTo("1");
        assertThat(info.extField("masterAddress")).isEqualTo("127.0.0.1:10911");
        assertThat(info.extField("masterEpoch")).isEqualTo("1");
        RemotingCommand added = group.send(next, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                broker("broker-a", 3, "127.0.0.1:10931"), null);
        assertThat(added.code()).as(added.remark()).isZero();
        assertThat(added.extField("masterBrokerId")).isEqualTo("1");
        await().atMost(PATIENCE).untilAsserted(() -> group.running().forEach(c ->
                assertThat(c.state().group("broker-a").members()).containsOnlyKeys(1L, 2L, 3L)));
    }

    @Test
    void brokerIdsAreHandedOutAndHeldByOneAddress() throws Exception {
        group = new ControllerGroup(folder, c -> { });
        Controller leader = group.leader();
        RemotingCommand next = group.send(leader, ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
                Map.of("clusterName", "c1", "brokerName", "broker-b"), null);
        assertThat(next.extField("nextBrokerId")).isEqualTo("1");
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_APPLY_BROKER_ID, Map.of("clusterName", "c1",
                "brokerName", "broker-b", "appliedBrokerId", 1L, "registerCheckCode", "127.0.0.1:1;5"), null).code())
                .isZero();
        RemotingCommand taken = group.send(leader, ControllerCodes.CONTROLLER_APPLY_BROKER_ID, Map.of("clusterName",
                "c1", "brokerName", "broker-b", "appliedBrokerId", 1L, "registerCheckCode", "127.0.0.1:2;6"), null);
        assertThat(taken.code()).isEqualTo(ControllerCodes.CONTROLLER_BROKER_ID_INVALID);
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
                Map.of("clusterName", "c1", "brokerName", "broker-b"), null).extField("nextBrokerId")).isEqualTo("2");
        assertThat(Set.copyOf(List.of(1L))).isEqualTo(leader.state().group("broker-b").members().keySet());
    }

    @Test
    void badRequestsGetAClearRefusalAndTheLeaderKeepsServing() throws Exception {
        group = new ControllerGroup(folder, ControllerGroupTest::noScan);
        Controller leader = group.leader();
        RemotingCommand noId = group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerAddress", "127.0.0.1:1"), null);
        assertThat(noId.code()).isEqualTo(ControllerCodes.CONTROLLER_INVALID_REQUEST);
        assertThat(noId.remark()).contains("brokerId");
        RemotingCommand badId = group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerId", "one", "brokerAddress", "x"), null);
        assertThat(badId.code()).isEqualTo(ControllerCodes.CONTROLLER_INVALID_REQUEST);
        RemotingCommand garbage = group.send(leader, ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
                Map.of("brokerName", "broker-a", "masterBrokerId", 1L, "masterEpoch", 1), "{not json".getBytes());
        assertThat(garbage.code()).isEqualTo(ControllerCodes.CONTROLLER_INVALID_REQUEST);
        RemotingCommand unknownGroup = group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "nobody", "brokerId", 1L), null);
        assertThat(unknownGroup.code()).isEqualTo(ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST);

        assertThat(group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                broker("broker-a", 1, "127.0.0.1:10911"), null).code()).isZero();
        assertThat(leader.state().group("broker-a").members()).containsOnlyKeys(1L);
    }
}
