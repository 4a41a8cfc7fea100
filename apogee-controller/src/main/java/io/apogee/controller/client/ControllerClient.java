package io.apogee.controller.client;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.controller.ControllerCodes;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.client.RemotingClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Calls the controller group's leader, as a broker in controller mode does: the leader is found by asking each
 * controller of {@code controllerAddr} for its metadata, cached, and looked up again when a call is answered
 * CONTROLLER_NOT_LEADER or cannot reach it (the call is then tried once more on the new leader). The leader is
 * reached at the configured address that says it leads, so a broker that reaches the controllers through
 * addresses of its own (a proxy, a NAT) keeps using them; the address the leader announced is used only when no
 * configured address leads.
 *
 * <p>Thread safety: any thread; calls block for at most twice the timeout. The remoting client is the caller's.
 */
public final class ControllerClient {

    private final RemotingClient remoting;
    private final List<String> controllers;
    private final long timeoutMillis;
    private volatile String leader;

    public ControllerClient(RemotingClient remoting, List<String> controllers, long timeoutMillis) {
        if (controllers.isEmpty()) {
            throw new IllegalArgumentException("controllerAddr must name at least one controller");
        }
        this.remoting = remoting;
        this.controllers = List.copyOf(controllers);
        this.timeoutMillis = timeoutMillis;
    }

    /** Parses RocketMQ's {@code controllerAddr}: addresses separated by ';'. */
    public static List<String> parseAddresses(String text) {
        return List.of(text.split(";")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The id the controller would give the next broker joining the group. */
    public long nextBrokerId(String cluster, String brokerName) throws Exception {
        RemotingCommand response = call(ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
                Map.of("clusterName", cluster, "brokerName", brokerName), null);
        if (response.code() != 0) {
            throw new IllegalStateException("no next broker id (" + response.code() + "): " + response.remark());
        }
        return Long.parseLong(response.extField("nextBrokerId"));
    }

    /**
     * Claims {@code brokerId} in the group for the broker at {@code address}; answers whether the controller
     * gave it (it refuses an id another broker holds).
     */
    public boolean applyBrokerId(String cluster, String brokerName, long brokerId, String address) throws Exception {
        Map<String, Object> header = Map.of("clusterName", cluster, "brokerName", brokerName,
                "appliedBrokerId", brokerId, "registerCheckCode", address + ";" + System.currentTimeMillis());
        return call(ControllerCodes.CONTROLLER_APPLY_BROKER_ID, header, null).code() == 0;
    }

    /** Registers (or re-registers) a broker; answers the group's master as the leader knows it. */
    public MasterView register(String cluster, String brokerName, long brokerId, String address) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("clusterName", cluster);
        header.put("brokerName", brokerName);
        header.put("brokerId", brokerId);
        header.put("brokerAddress", address);
        header.put("invokeTime", System.currentTimeMillis());
        return view(call(ControllerCodes.CONTROLLER_REGISTER_BROKER, header, null));
    }

    /** Tells the leader this broker is alive, with how far its log reaches. */
    public void heartbeat(String cluster, String brokerName, String address, long brokerId, int epoch,
                          long maxOffset, long heartbeatTimeoutMillis) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("clusterName", cluster);
        header.put("brokerAddr", address);
        header.put("brokerName", brokerName);
        header.put("brokerId", brokerId);
        header.put("epoch", epoch);
        header.put("maxOffset", maxOffset);
        header.put("heartbeatTimeoutMills", heartbeatTimeoutMillis);
        RemotingCommand response = call(ControllerCodes.BROKER_HEARTBEAT, header, null);
        if (response.code() != 0) {
            throw new IllegalStateException("heartbeat refused (" + response.code() + "): " + response.remark());
        }
    }

    /**
     * Asks for a master for the group, this broker preferred: answers the new master, or the living one
     * (CONTROLLER_MASTER_STILL_EXIST) with its view.
     */
    public MasterView electMaster(String cluster, String brokerName, long brokerId) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("clusterName", cluster);
        header.put("brokerName", brokerName);
        header.put("brokerId", brokerId);
        header.put("designateElect", false);
        header.put("invokeTime", System.currentTimeMillis());
        return view(call(ControllerCodes.CONTROLLER_ELECT_MASTER, header, null));
    }

    /** The master reports its in-sync set; answers the set's new epoch in the view. */
    public MasterView alterSyncStateSet(String brokerName, long masterId, int masterEpoch, int setEpoch,
                                        Set<Long> set) throws Exception {
        Map<String, Object> header = Map.of("brokerName", brokerName, "masterBrokerId", masterId,
                "masterEpoch", masterEpoch, "invokeTime", System.currentTimeMillis());
        byte[] body = JSON.toJSONBytes(Map.of("syncStateSet", set, "syncStateSetEpoch", setEpoch));
        return view(call(ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET, header, body));
    }

    /** The group's master and in-sync set. */
    public MasterView replicaInfo(String brokerName) throws Exception {
        return view(call(ControllerCodes.CONTROLLER_GET_REPLICA_INFO, Map.of("brokerName", brokerName), null));
    }

    /** The leader's address as the controllers answer now (not the one remembered), or null when none leads. */
    public String leaderNow() {
        leader = null;
        return leader();
    }

    /** The leader's address, asking the controllers when it is not known; null when none says it leads. */
    public String leader() {
        String known = leader;
        if (known != null) {
            return known;
        }
        String named = null;
        for (String address : controllers) {
            try {
                RemotingCommand metadata = remoting.invokeSync(address,
                        RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO), timeoutMillis);
                if ("true".equals(metadata.extField("isLeader"))) {
                    leader = address;
                    return address;
                }
                String answer = metadata.extField("controllerLeaderAddress");
                if (named == null && answer != null && !answer.isEmpty()) {
                    named = answer;
                }
            } catch (Exception e) {
                // That controller is down or unreachable: ask the next.
            }
        }
        // No configured address says it leads: use the address the leader announced, which the configured ones
        // may not include (one name in front of all controllers).
        leader = named;
        return named;
    }

    private RemotingCommand call(int code, Map<String, Object> header, byte[] body) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String to = leader();
            if (to == null) {
                throw new IllegalStateException("no controller of " + controllers + " leads");
            }
            RemotingCommand request = RemotingCommand.request(code).body(body);
            header.forEach((k, v) -> HeaderFields.put(HeaderFields.writable(request), k, v));
            try {
                RemotingCommand response = remoting.invokeSync(to, request, timeoutMillis);
                if (response.code() != ControllerCodes.CONTROLLER_NOT_LEADER) {
                    return response;
                }
                last = new IllegalStateException(response.remark());
            } catch (Exception e) {
                last = e;
            }
            leader = null;
        }
        throw last;
    }

    private static MasterView view(RemotingCommand response) {
        Set<Long> set = new TreeSet<>();
        int setEpoch = intField(response, "syncStateSetEpoch");
        if (response.body() != null && response.body().length > 0) {
            JSONObject body = JSON.parseObject(response.body());
            JSONArray ids = body.getJSONArray("syncStateSet");
            if (ids != null) {
                set.addAll(ids.toJavaList(Long.class));
            }
            if (body.containsKey("syncStateSetEpoch")) {
                setEpoch = body.getIntValue("syncStateSetEpoch");
            }
        }
        String newEpoch = response.extField("newSyncStateSetEpoch");
        if (newEpoch != null) {
            setEpoch = Integer.parseInt(newEpoch);
        }
        String master = response.extField("masterBrokerId");
        return new MasterView(response.code(), response.remark(), master == null ? null : Long.parseLong(master),
                response.extField("masterAddress"), intField(response, "masterEpoch"), setEpoch, set);
    }

    private static int intField(RemotingCommand response, String key) {
        String value = response.extField(key);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
