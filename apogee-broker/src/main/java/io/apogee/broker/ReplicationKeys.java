package io.apogee.broker;

import java.util.Set;

/**
 * The keys of a RocketMQ {@code broker.conf} for replication features Apogee does not have (DLedger, RocketMQ's
 * own in-sync-replica counts), which it accepts without acting on them, so that RocketMQ's own example files
 * ({@code broker.conf}, {@code 2m-noslave}, {@code 2m-2s-async}, {@code 2m-2s-sync}) start a broker. This set is the one list of
 * them; the broker names the ones a file set in one warning line when it reads the file.
 */
public final class ReplicationKeys {

    /** Accepted and documented, not yet acted on. */
    public static final Set<String> NOT_YET_ACTED_ON = Set.of(
            "brokerIP2", "haHousekeepingInterval", "haSlaveFallbehindMax",
            "totalReplicas", "inSyncReplicas", "minInSyncReplicas", "enableAutoInSyncReplicas",
            "syncStateSetElapsedTime", "allAckInSyncStateSet",
            "enableDLegerCommitLog", "dLegerGroup", "dLegerPeers", "dLegerSelfId");

    private ReplicationKeys() {
    }
}
