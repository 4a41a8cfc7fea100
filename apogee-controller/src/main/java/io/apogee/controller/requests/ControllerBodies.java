package io.apogee.controller.requests;

import io.apogee.controller.election.Elector;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.protocol.body.JsonBody;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON bodies of the controller's answers, in the field names of RocketMQ 5.3.3's {@code SyncStateSet},
 * {@code ElectMasterResponseBody} and {@code BrokerReplicasInfo}, so its admin tools and brokers read them.
 *
 * <p>Thread safety: stateless; any thread.
 */
final class ControllerBodies {

    private ControllerBodies() {
    }

    /** {@code SyncStateSet}: the in-sync brokerIds and their epoch. */
    static byte[] syncStateSet(BrokerGroup group) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("syncStateSet", group.syncStateSet());
        body.put("syncStateSetEpoch", group.syncStateSetEpoch());
        return JsonBody.encode(body);
    }

    /** {@code ElectMasterResponseBody}: the group's members and in-sync set. */
    static byte[] electMaster(BrokerGroup group) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("brokerAddrs", new TreeMap<>(group.members()));
        members.put("brokerName", group.brokerName());
        members.put("cluster", group.clusterName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brokerMemberGroup", members);
        body.put("syncStateSet", group.syncStateSet());
        return JsonBody.encode(body);
    }

    /** {@code ElectMasterResponseBody} without the members, as an election refused for a live master carries. */
    static byte[] inSyncOnly(BrokerGroup group) {
        return JsonBody.encode(Map.of("syncStateSet", group.syncStateSet()));
    }

    /** {@code BrokerReplicasInfo}: for each group asked about, its master and replicas in and out of sync. */
    static byte[] replicasInfo(List<BrokerGroup> groups, Elector elector) {
        Map<String, Object> table = new TreeMap<>();
        for (BrokerGroup group : groups) {
            List<Map<String, Object>> inSync = new ArrayList<>();
            List<Map<String, Object>> notInSync = new ArrayList<>();
            group.members().forEach((id, address) -> {
                Map<String, Object> replica = new LinkedHashMap<>();
                replica.put("alive", elector.alive(group, id));
                replica.put("brokerAddress", address);
                replica.put("brokerId", id);
                replica.put("brokerName", group.brokerName());
                (group.syncStateSet().contains(id) ? inSync : notInSync).add(replica);
            });
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("inSyncReplicas", inSync);
            info.put("masterAddress", group.masterAddress());
            info.put("masterBrokerId", group.masterBrokerId());
            info.put("masterEpoch", group.masterEpoch());
            info.put("notInSyncReplicas", notInSync);
            info.put("syncStateSetEpoch", group.syncStateSetEpoch());
            table.put(group.brokerName(), info);
        }
        return JsonBody.encode(Map.of("replicasInfoTable", table));
    }
}
