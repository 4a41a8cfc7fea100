package io.apogee.controller.state;

import com.alibaba.fastjson2.JSON;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One entry of the controller's Raft log: a change to the replicated state, decided by the leader and
 * applied by every controller in log order. Decisions that need liveness (who is alive to be elected) are
 * made by the leader before the command is written; the command carries the expected epochs, so a decision
 * made on stale state is refused when applied instead of undoing a newer one.
 *
 * <p>Immutable; written as JSON.
 *
 * @param brokerId             the member registered, the master elected (null: none could be) or the master
 *                             altering its in-sync set
 * @param expectedMasterEpoch  the master epoch the decision was made against
 * @param unclean              whether a replica outside the in-sync set may be elected
 * @param forgotten            the members whose metadata is removed (empty: the whole group), for
 *                             CLEAN_BROKER_DATA
 */
public record Command(Type type, String clusterName, String brokerName, Long brokerId, String address,
                      Integer expectedMasterEpoch, Integer expectedSyncStateSetEpoch, Set<Long> syncStateSet,
                      boolean unclean, Set<Long> forgotten) {

    /** What a command does. */
    public enum Type {
        /** Reserves a brokerId for a broker address (CONTROLLER_APPLY_BROKER_ID). */
        APPLY_BROKER_ID,
        /** Adds a member, or records its new address (CONTROLLER_REGISTER_BROKER). */
        REGISTER_BROKER,
        /** Makes a member master, or records that the group has none. */
        ELECT_MASTER,
        /** Replaces the in-sync set, as the master reports it. */
        ALTER_SYNC_STATE_SET,
        /** Records the remoting address of controller {@code address}'s peer id in {@code brokerName}. */
        CONTROLLER_ADDRESS,
        /** Forgets some members of a group, or the whole group (CLEAN_BROKER_DATA). */
        CLEAN_BROKER_DATA
    }

    public static Command applyBrokerId(String cluster, String brokerName, long brokerId, String address) {
        return new Command(Type.APPLY_BROKER_ID, cluster, brokerName, brokerId, address, null, null, null, false,
                null);
    }

    public static Command register(String cluster, String brokerName, long brokerId, String address) {
        return new Command(Type.REGISTER_BROKER, cluster, brokerName, brokerId, address, null, null, null, false,
                null);
    }

    /** Elects {@code brokerId} (null: records that no member can be master) if the epoch is still the one seen. */
    public static Command elect(String brokerName, Long brokerId, int expectedMasterEpoch, boolean unclean) {
        return new Command(Type.ELECT_MASTER, null, brokerName, brokerId, null, expectedMasterEpoch, null, null,
                unclean, null);
    }

    public static Command alterSyncStateSet(String brokerName, long masterId, int masterEpoch, int setEpoch,
                                            Set<Long> set) {
        return new Command(Type.ALTER_SYNC_STATE_SET, null, brokerName, masterId, null, masterEpoch, setEpoch, set,
                false, null);
    }

    /** Records that controller {@code peerId} serves the remoting protocol on {@code address}. */
    public static Command controllerAddress(String peerId, String address) {
        return new Command(Type.CONTROLLER_ADDRESS, null, peerId, null, address, null, null, null, false, null);
    }

    /** Forgets members {@code brokerIds} of {@code brokerName}, or the whole group when the set is empty. */
    public static Command clean(String brokerName, Set<Long> brokerIds) {
        return new Command(Type.CLEAN_BROKER_DATA, null, brokerName, null, null, null, null, null, false,
                Set.copyOf(brokerIds));
    }

    public byte[] encode() {
        return JSON.toJSONString(this).getBytes(StandardCharsets.UTF_8);
    }

    public static Command decode(byte[] bytes) {
        return JSON.parseObject(bytes, Command.class);
    }
}
