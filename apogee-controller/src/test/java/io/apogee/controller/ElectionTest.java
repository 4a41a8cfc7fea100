package io.apogee.controller;

import com.alibaba.fastjson2.JSON;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.protocol.command.RemotingCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.apogee.controller.ControllerGroup.PATIENCE;
import static io.apogee.controller.ControllerGroupTest.broker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The leader replaces a master whose heartbeats stop, from the in-sync set only. */
class ElectionTest {

    @TempDir
    Path folder;
    private ControllerGroup group;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    /** The brokers of "broker-a" that still send heartbeats. */
    private final Set<Long> beating = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        beats.shutdownNow();
        if (group != null) {
            group.close();
        }
    }

    /** Registers brokers 1..n of broker-a, starts their heartbeats, and waits for the first master. */
    private Controller startGroup(int n, boolean unclean) throws Exception {
        group = new ControllerGroup(folder, c -> c.enableElectUncleanMaster(unclean));
        Controller leader = group.leader();
        for (long id = 1; id <= n; id++) {
            beating.add(id);
            RemotingCommand registered = group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                    broker("broker-a", id, "127.0.0.1:" + (10_000 + id)), null);
            assertThat(registered.code()).as(registered.remark()).isZero();
        }
        // Every controller gets the heartbeats (followers refuse them), so they follow a change of leader.
        beats.scheduleWithFixedDelay(() -> group.running().forEach(c -> beating.forEach(id -> heartbeat(c, id))), 0,
                300, TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).until(() -> leader.state().group("broker-a").masterBrokerId() != null);
        BrokerGroup first = leader.state().group("broker-a");
        assertThat(first.masterBrokerId()).isEqualTo(1L);
        assertThat(first.masterEpoch()).isEqualTo(1);
        return leader;
    }

    private void heartbeat(Controller to, long id) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("clusterName", "c1");
        header.put("brokerName", "broker-a");
        header.put("brokerAddr", "127.0.0.1:" + (10_000 + id));
        header.put("brokerId", id);
        header.put("heartbeatTimeoutMills", 1_500L);
        header.put("maxOffset", 100L);
        try {
            group.send(to, ControllerCodes.BROKER_HEARTBEAT, header, null);
        } catch (Exception e) {
            // The next round tries again; a test that needs the beat waits for its effect.
        }
    }

    private RemotingCommand alterSyncStateSet(Controller leader, long master, int masterEpoch, int setEpoch,
                                              Set<Long> set) throws Exception {
        byte[] body = JSON.toJSONString(Map.of("syncStateSet", set, "syncStateSetEpoch", setEpoch))
                .getBytes(StandardCharsets.UTF_8);
        return group.send(leader, ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
                Map.of("brokerName", "broker-a", "masterBrokerId", master, "masterEpoch", masterEpoch,
                        "invokeTime", System.currentTimeMillis()), body);
    }

    @Test
    void aSilentMasterIsReplacedByAnInSyncSlaveWithAHigherEpoch() throws Exception {
        Controller leader = startGroup(3, false);
        RemotingCommand altered = alterSyncStateSet(leader, 1, 1, 1, Set.of(1L, 2L));
        assertThat(altered.code()).as(altered.remark()).isZero();
        assertThat(altered.extField("newSyncStateSetEpoch")).isEqualTo("2");
        RemotingCommand stale = alterSyncStateSet(leader, 1, 1, 1, Set.of(1L, 2L, 3L));
        assertThat(stale.code()).isEqualTo(ControllerCodes.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH);

        beating.remove(1L);

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Controller c : group.running()) {
                BrokerGroup now = c.state().group("broker-a");
                assertThat(now.masterBrokerId()).isEqualTo(2L);
                assertThat(now.masterEpoch()).isEqualTo(2);
                assertThat(now.syncStateSet()).containsExactly(2L);
            }
        });
        RemotingCommand info = group.send(leader, ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
                Map.of("brokerName", "broker-a"), null);
        assertThat(info.extField("masterAddress")).isEqualTo("127.0.0.1:10002");
        // The deposed master, with its old epoch, can no longer shape the set.
        RemotingCommand fenced = alterSyncStateSet(leader, 1, 1, 2, Set.of(2L));
        assertThat(fenced.code()).isEqualTo(ControllerCodes.CONTROLLER_INVALID_MASTER);
    }

    @Test
    void aMasterLostTogetherWithTheLeaderControllerIsReplacedByTheNextLeader() throws Exception {
        Controller leader = startGroup(3, false);
        assertThat(alterSyncStateSet(leader, 1, 1, 1, Set.of(1L, 3L)).code()).isZero();

        beating.remove(1L);
        group.stop(group.indexOf(leader));

        Controller next = group.leader();
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Controller c : group.running()) {
                BrokerGroup now = c.state().group("broker-a");
                assertThat(now.masterBrokerId()).isEqualTo(3L);
                assertThat(now.masterEpoch()).isEqualTo(2);
            }
        });
        assertThat(next.state().group("broker-a").syncStateSet()).containsExactly(3L);
    }

    @Test
    void aReplicaOutsideTheInSyncSetIsNeverElected() throws Exception {
        Controller leader = startGroup(2, false);
        RemotingCommand designated = group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "broker-a", "brokerId", 2L, "designateElect", true), null);
        assertThat(designated.code()).isEqualTo(ControllerCodes.CONTROLLER_ELECT_MASTER_FAILED);

        beating.remove(1L);

        await().atMost(PATIENCE).until(() -> leader.state().group("broker-a").masterBrokerId() == null);
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> {
            BrokerGroup now = leader.state().group("broker-a");
            return now.masterBrokerId() == null && now.masterEpoch() == 1;
        });
        RemotingCommand data = group.send(leader, ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA, Map.of(),
                JSON.toJSONString(List.of("broker-a")).getBytes(StandardCharsets.UTF_8));
        var info = JSON.parseObject(new String(data.body(), StandardCharsets.UTF_8))
                .getJSONObject("replicasInfoTable").getJSONObject("broker-a");
        assertThat(info.getInteger("masterEpoch")).isEqualTo(1);
        assertThat(info.getJSONArray("notInSyncReplicas").getJSONObject(0).getLong("brokerId")).isEqualTo(2L);
        assertThat(info.getJSONArray("notInSyncReplicas").getJSONObject(0).getBoolean("alive")).isTrue();
    }

    @Test
    void uncleanElectionPicksALiveReplicaOutsideTheSetWhenEnabled() throws Exception {
        Controller leader = startGroup(2, true);
        beating.remove(1L);
        await().atMost(PATIENCE).untilAsserted(() -> {
            BrokerGroup now = leader.state().group("broker-a");
            assertThat(now.masterBrokerId()).isEqualTo(2L);
            assertThat(now.masterEpoch()).isEqualTo(2);
        });
    }
}
