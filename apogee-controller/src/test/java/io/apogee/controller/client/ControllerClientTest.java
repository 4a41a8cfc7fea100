package io.apogee.controller.client;

import io.apogee.controller.Controller;
import io.apogee.controller.ControllerCodes;
import io.apogee.controller.ControllerGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.apogee.controller.ControllerGroup.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker's calls find the leader among all controllers, and find the next one when it dies. */
class ControllerClientTest {

    @TempDir
    Path folder;
    private ControllerGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void aBrokersCallsReachTheLeaderAndFollowItWhenItChanges() throws Exception {
        group = new ControllerGroup(folder, c -> c.scanInactiveMasterInterval(600_000));
        Controller leader = group.leader();
        List<String> all = group.running().stream().map(Controller::remotingAddress).toList();
        ControllerClient client = new ControllerClient(group.client, all, 10_000);

        MasterView first = client.register("c1", "broker-a", 1, "127.0.0.1:10911");
        assertThat(first.ok()).isTrue();
        assertThat(first.masterBrokerId()).isNull();
        assertThat(client.register("c1", "broker-a", 2, "127.0.0.1:10921").ok()).isTrue();
        client.heartbeat("c1", "broker-a", "127.0.0.1:10911", 1, 0, 100, 5_000);
        MasterView elected = client.electMaster("c1", "broker-a", 1);
        assertThat(elected.ok()).as(elected.remark()).isTrue();
        assertThat(elected.isMaster(1)).isTrue();
        assertThat(elected.syncStateSet()).containsExactly(1L);
        MasterView again = client.electMaster("c1", "broker-a", 2);
        assertThat(again.code()).isEqualTo(ControllerCodes.CONTROLLER_MASTER_STILL_EXIST);
        assertThat(again.isMaster(1)).isTrue();
        client.heartbeat("c1", "broker-a", "127.0.0.1:10921", 2, 1, 100, 5_000);
        MasterView grown = client.alterSyncStateSet("broker-a", 1, elected.masterEpoch(),
                elected.syncStateSetEpoch(), Set.of(1L, 2L));
        assertThat(grown.ok()).as(grown.remark()).isTrue();
        assertThat(grown.syncStateSet()).containsExactly(1L, 2L);
        assertThat(grown.syncStateSetEpoch()).isEqualTo(elected.syncStateSetEpoch() + 1);

        group.stop(group.indexOf(leader));
        group.leader();
        MasterView after = await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> client.replicaInfo("broker-a"), MasterView::ok);
        assertThat(after.masterAddress()).isEqualTo("127.0.0.1:10911");
        assertThat(after.syncStateSet()).containsExactly(1L, 2L);
        assertThat(client.leader()).isNotEqualTo(leader.remotingAddress());
    }
}
