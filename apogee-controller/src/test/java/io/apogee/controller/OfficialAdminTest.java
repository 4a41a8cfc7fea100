package io.apogee.controller;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.common.Pair;
import org.apache.rocketmq.remoting.protocol.body.BrokerMemberGroup;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.remoting.protocol.header.controller.ElectMasterResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.controller.GetMetaDataResponseHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.apogee.controller.ControllerGroupTest.broker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * RocketMQ 5.3.3's own admin tools (what {@code mqadmin getControllerMetaData}, {@code getSyncStateSet},
 * {@code electMaster}, {@code getControllerConfig} and {@code cleanBrokerMetadata} call) read the controller's
 * answers.
 */
class OfficialAdminTest {

    @TempDir
    Path folder;
    private ControllerGroup group;
    private DefaultMQAdminExt admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (group != null) {
            group.close();
        }
    }

    /** Starts three controllers with brokers 1 and 2 of broker-a registered, and the admin; returns the leader. */
    private Controller startWithTwoBrokers() throws Exception {
        group = new ControllerGroup(folder, c -> c.scanInactiveMasterInterval(600_000));
        Controller leader = group.leader();
        group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 1, "127.0.0.1:10911"), null);
        group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 2, "127.0.0.1:10921"), null);
        admin = new DefaultMQAdminExt();
        admin.setInstanceName("controller-admin-" + System.nanoTime());
        admin.start();
        return leader;
    }

    @Test
    void theOfficialAdminReadsMetadataSyncStateAndElectsAMaster() throws Exception {
        Controller leader = startWithTwoBrokers();
        Controller follower = group.running().stream().filter(c -> c != leader).findFirst().orElseThrow();


        GetMetaDataResponseHeader metadata = admin.getControllerMetaData(follower.remotingAddress());
        assertThat(metadata.getControllerLeaderAddress()).isEqualTo(leader.remotingAddress());
        assertThat(metadata.isLeader()).isFalse();
        assertThat(metadata.getGroup()).isEqualTo("test-group");

        Pair<ElectMasterResponseHeader, BrokerMemberGroup> elected = admin.electMaster(leader.remotingAddress(),
                "c1", "broker-a", 1L);
        assertThat(elected.getObject1().getMasterBrokerId()).isEqualTo(1L);
        assertThat(elected.getObject1().getMasterAddress()).isEqualTo("127.0.0.1:10911");
        assertThat(elected.getObject1().getMasterEpoch()).isEqualTo(1);
        // 5.3.3's admin reads the body as a BrokerMemberGroup, while its controller (and this one) sends an
        // ElectMasterResponseBody that wraps one: the members come back empty from either, but it decodes.
        assertThat(elected.getObject2()).isNotNull();

        BrokerReplicasInfo replicas = admin.getInSyncStateData(follower.remotingAddress(), List.of("broker-a"));
        BrokerReplicasInfo.ReplicasInfo info = replicas.getReplicasInfoTable().get("broker-a");
        assertThat(info.getMasterBrokerId()).isEqualTo(1L);
        assertThat(info.getMasterEpoch()).isEqualTo(1);
        assertThat(info.getInSyncReplicas()).extracting(BrokerReplicasInfo.ReplicaIdentity::getBrokerId)
                .containsExactly(1L);
        assertThat(info.getNotInSyncReplicas()).extracting(BrokerReplicasInfo.ReplicaIdentity::getBrokerAddress)
                .containsExactly("127.0.0.1:10921");

        Map<String, Properties> configs = admin.getControllerConfig(List.of(leader.remotingAddress()));
        assertThat(configs.get(leader.remotingAddress()).getProperty("controllerDLegerGroup")).isEqualTo("test-group");
    }

    @Test
    void theOfficialAdminCleansBrokerMetadataButNotALiveBrokerUnlessAsked() throws Exception {
        Controller leader = startWithTwoBrokers();
        Controller follower = group.running().stream().filter(c -> c != leader).findFirst().orElseThrow();
        admin.electMaster(leader.remotingAddress(), "c1", "broker-a", 1L);

        // The admin finds the leader through whichever controller it is given.
        MQBrokerException wholeWithMaster = catchThrowableOfType(() -> admin.cleanControllerBrokerData(
                follower.remotingAddress(), "c1", "broker-a", null, false), MQBrokerException.class);
        assertThat(wholeWithMaster.getResponseCode()).isEqualTo(ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA);
        MQBrokerException alive = catchThrowableOfType(() -> admin.cleanControllerBrokerData(
                follower.remotingAddress(), "c1", "broker-a", "2", false), MQBrokerException.class);
        assertThat(alive.getErrorMessage()).contains("alive");

        admin.cleanControllerBrokerData(follower.remotingAddress(), "c1", "broker-a", "2", true);
        BrokerReplicasInfo.ReplicasInfo info = admin.getInSyncStateData(leader.remotingAddress(), List.of("broker-a"))
                .getReplicasInfoTable().get("broker-a");
        assertThat(info.getNotInSyncReplicas()).isEmpty();
        assertThat(info.getInSyncReplicas()).extracting(BrokerReplicasInfo.ReplicaIdentity::getBrokerId)
                .containsExactly(1L);

        admin.cleanControllerBrokerData(leader.remotingAddress(), "c1", "broker-a", null, true);
        assertThat(admin.getInSyncStateData(leader.remotingAddress(), List.of("broker-a")).getReplicasInfoTable())
                .doesNotContainKey("broker-a");
        await().atMost(ControllerGroup.PATIENCE).until(() -> follower.state().group("broker-a") == null);
        MQBrokerException gone = catchThrowableOfType(() -> admin.cleanControllerBrokerData(
                leader.remotingAddress(), "c1", "broker-a", null, true), MQBrokerException.class);
        assertThat(gone.getErrorMessage()).contains("no broker group broker-a");
    }
}
