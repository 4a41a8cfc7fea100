package io.apogee.controller;

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

/**
 * RocketMQ 5.3.3's own admin tools (what {@code mqadmin getControllerMetaData}, {@code getSyncStateSet},
 * {@code electMaster} and {@code getControllerConfig} call) read the controller's answers.
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

    @Test
    void theOfficialAdminReadsMetadataSyncStateAndElectsAMaster() throws Exception {
        group = new ControllerGroup(folder, c -> c.scanInactiveMasterInterval(600_000));
        Controller leader = group.leader();
        group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 1, "127.0.0.1:10911"), null);
        group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER, broker("broker-a", 2, "127.0.0.1:10921"), null);
        Controller follower = group.running().stream().filter(c -> c != leader).findFirst().orElseThrow();

        admin = new DefaultMQAdminExt();
        admin.setInstanceName("controller-admin-" + System.nanoTime());
        admin.start();

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
}
