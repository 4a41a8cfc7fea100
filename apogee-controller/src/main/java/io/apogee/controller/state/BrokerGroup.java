package io.apogee.controller.state;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One broker group (all brokers sharing a {@code brokerName}) as the controller group agrees on it: its
 * members by brokerId, its master, the master epoch (bumped by every election, never lowered) and the in-sync
 * replica set with its own epoch (bumped by every change of the set). Liveness is not here: it is local to the
 * leader controller, as heartbeats are not worth a log entry each.
 *
 * <p>Immutable; every change makes a new value, so readers on request threads need no lock.
 *
 * @param masterBrokerId the master's brokerId, or null while the group has none
 */
public record BrokerGroup(String clusterName, String brokerName, Map<Long, String> members, Long masterBrokerId,
                          int masterEpoch, Set<Long> syncStateSet, int syncStateSetEpoch) {

    public BrokerGroup {
        members = Collections.unmodifiableMap(new TreeMap<>(members));
        syncStateSet = Collections.unmodifiableSet(new TreeSet<>(syncStateSet));
    }

    /** A group with no members yet. */
    static BrokerGroup empty(String clusterName, String brokerName) {
        return new BrokerGroup(clusterName, brokerName, Map.of(), null, 0, Set.of(), 0);
    }

    /** The master's address, or null while the group has no master. */
    public String masterAddress() {
        return masterBrokerId == null ? null : members.get(masterBrokerId);
    }

    /** The brokerId a new member should take: one more than the highest known, 1 for the first. */
    public long nextBrokerId() {
        return members.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    }

    /** Whether a master was ever elected: before that, the first candidate may take the group. */
    boolean neverElected() {
        return masterEpoch == 0 && masterBrokerId == null;
    }

    BrokerGroup withMember(long brokerId, String address) {
        Map<Long, String> next = new TreeMap<>(members);
        next.put(brokerId, address);
        return new BrokerGroup(clusterName, brokerName, next, masterBrokerId, masterEpoch, syncStateSet,
                syncStateSetEpoch);
    }

    /** The group led by {@code brokerId}, alone in the in-sync set until it reports its followers caught up. */
    BrokerGroup withMaster(long brokerId) {
        return new BrokerGroup(clusterName, brokerName, members, brokerId, masterEpoch + 1, Set.of(brokerId),
                syncStateSetEpoch + 1);
    }

    /** The group with no master, as when the master is lost and no replica may take its place. */
    BrokerGroup withoutMaster() {
        return new BrokerGroup(clusterName, brokerName, members, null, masterEpoch, syncStateSet,
                syncStateSetEpoch);
    }

    /**
     * The group without members {@code brokerIds}: they leave the in-sync set (whose epoch moves, so a master
     * holding the old set must read it again), and the group has no master if its master was among them.
     */
    BrokerGroup withoutMembers(Set<Long> brokerIds) {
        Map<Long, String> next = new TreeMap<>(members);
        next.keySet().removeAll(brokerIds);
        Set<Long> inSync = new TreeSet<>(syncStateSet);
        boolean setChanged = inSync.removeAll(brokerIds);
        Long master = masterBrokerId != null && brokerIds.contains(masterBrokerId) ? null : masterBrokerId;
        return new BrokerGroup(clusterName, brokerName, next, master, masterEpoch, inSync,
                setChanged ? syncStateSetEpoch + 1 : syncStateSetEpoch);
    }

    BrokerGroup withSyncStateSet(Set<Long> set) {
        return new BrokerGroup(clusterName, brokerName, members, masterBrokerId, masterEpoch, set,
                syncStateSetEpoch + 1);
    }
}
