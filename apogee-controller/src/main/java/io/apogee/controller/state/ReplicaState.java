package io.apogee.controller.state;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.apogee.controller.ControllerCodes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state every controller holds the same copy of: the broker groups by name, and the remoting address of
 * each controller by its Raft peer id (so a follower can tell a broker where the leader is). It changes only
 * by {@link #apply}, in log order; every rule that refuses a command is checked here against the replicated
 * state alone, so all controllers refuse the same commands.
 *
 * <p>Thread safety: {@link #apply} and {@link #restore} run on Ratis's apply thread; readers on request
 * threads see whole, immutable {@link BrokerGroup} values.
 */
public final class ReplicaState {

    /** The snapshot's shape. */
    record Image(Map<String, BrokerGroup> groups, Map<String, String> controllers) {
    }

    private final Map<String, BrokerGroup> groups = new TreeMap<>();
    private final Map<String, String> controllers = new TreeMap<>();

    /** Applies one command; returns what it did. Never throws for a refused command: that is an outcome. */
    public synchronized Outcome apply(Command command) {
        return switch (command.type()) {
            case APPLY_BROKER_ID -> applyBrokerId(command);
            case REGISTER_BROKER -> register(command);
            case ELECT_MASTER -> elect(command);
            case ALTER_SYNC_STATE_SET -> alterSyncStateSet(command);
            case CLEAN_BROKER_DATA -> clean(command);
            case CONTROLLER_ADDRESS -> {
                controllers.put(command.brokerName(), command.address());
                yield Outcome.success(null);
            }
        };
    }

    private Outcome applyBrokerId(Command c) {
        BrokerGroup group = groups.getOrDefault(c.brokerName(), BrokerGroup.empty(c.clusterName(), c.brokerName()));
        String holder = group.members().get(c.brokerId());
        if (holder != null && !holder.equals(c.address())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_BROKER_ID_INVALID, "brokerId " + c.brokerId()
                    + " of " + c.brokerName() + " is held by " + holder, group);
        }
        return store(group.withMember(c.brokerId(), c.address()));
    }

    private Outcome register(Command c) {
        BrokerGroup group = groups.getOrDefault(c.brokerName(), BrokerGroup.empty(c.clusterName(), c.brokerName()));
        return store(group.withMember(c.brokerId(), c.address()));
    }

    private Outcome elect(Command c) {
        BrokerGroup group = groups.get(c.brokerName());
        if (group == null) {
            return Outcome.refused(ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST,
                    "no broker group " + c.brokerName(), null);
        }
        if (!Objects.equals(c.expectedMasterEpoch(), group.masterEpoch())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH, "master epoch is "
                    + group.masterEpoch() + ", the election was decided at " + c.expectedMasterEpoch(), group);
        }
        if (c.brokerId() == null) {
            return Outcome.refused(ControllerCodes.CONTROLLER_MASTER_NOT_AVAILABLE, "no replica of "
                    + c.brokerName() + " can be master", store(group.withoutMaster()).group());
        }
        if (!group.members().containsKey(c.brokerId())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_INVALID_REPLICAS, "brokerId " + c.brokerId()
                    + " is not a member of " + c.brokerName(), group);
        }
        boolean inSync = group.syncStateSet().contains(c.brokerId());
        if (!inSync && !c.unclean() && !group.neverElected()) {
            return Outcome.refused(ControllerCodes.CONTROLLER_ELECT_MASTER_FAILED, "brokerId " + c.brokerId()
                    + " is not in the in-sync set " + group.syncStateSet() + " of " + c.brokerName(), group);
        }
        return store(group.withMaster(c.brokerId()));
    }

    private Outcome alterSyncStateSet(Command c) {
        BrokerGroup group = groups.get(c.brokerName());
        if (group == null) {
            return Outcome.refused(ControllerCodes.CONTROLLER_BROKER_METADATA_NOT_EXIST,
                    "no broker group " + c.brokerName(), null);
        }
        if (!Objects.equals(group.masterBrokerId(), c.brokerId())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_INVALID_MASTER, "brokerId " + c.brokerId()
                    + " is not the master of " + c.brokerName() + " (" + group.masterBrokerId() + " is)", group);
        }
        if (!Objects.equals(c.expectedMasterEpoch(), group.masterEpoch())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH, "master epoch is "
                    + group.masterEpoch() + ", not " + c.expectedMasterEpoch(), group);
        }
        if (!Objects.equals(c.expectedSyncStateSetEpoch(), group.syncStateSetEpoch())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH, "in-sync set epoch is "
                    + group.syncStateSetEpoch() + ", not " + c.expectedSyncStateSetEpoch(), group);
        }
        if (c.syncStateSet() == null || !c.syncStateSet().contains(c.brokerId())
                || !group.members().keySet().containsAll(c.syncStateSet())) {
            return Outcome.refused(ControllerCodes.CONTROLLER_INVALID_REPLICAS, "in-sync set " + c.syncStateSet()
                    + " must hold the master and members of " + c.brokerName() + " only", group);
        }
        return store(group.withSyncStateSet(c.syncStateSet()));
    }

    private Outcome clean(Command c) {
        BrokerGroup group = groups.get(c.brokerName());
        if (group == null) {
            return Outcome.refused(ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                    "no broker group " + c.brokerName() + " to clean", null);
        }
        boolean whole = c.forgotten() == null || c.forgotten().isEmpty();
        BrokerGroup left = whole ? null : group.withoutMembers(c.forgotten());
        if (left == null || left.members().isEmpty()) {
            groups.remove(c.brokerName());
            return Outcome.success(null);
        }
        return store(left);
    }

    private Outcome store(BrokerGroup group) {
        groups.put(group.brokerName(), group);
        return Outcome.success(group);
    }

    /** The group named {@code brokerName}, or null. */
    public synchronized BrokerGroup group(String brokerName) {
        return groups.get(brokerName);
    }

    /** Every group, by name. */
    public synchronized List<BrokerGroup> groups() {
        return new ArrayList<>(groups.values());
    }

    /** The remoting address controller {@code peerId} announced, or null. */
    public synchronized String controllerAddress(String peerId) {
        return controllers.get(peerId);
    }

    /** The whole state, as a snapshot file holds it. */
    public synchronized byte[] snapshot() {
        return JSON.toJSONString(new Image(groups, controllers), JSONWriter.Feature.WriteNonStringKeyAsString)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the whole state with a snapshot's. */
    public synchronized void restore(byte[] bytes) {
        Image image = JSON.parseObject(bytes, Image.class);
        groups.clear();
        controllers.clear();
        groups.putAll(image.groups());
        controllers.putAll(image.controllers());
    }
}
