package io.apogee.broker;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of a RocketMQ {@code broker.conf} that Apogee accepts without acting on them yet, and the
 * closest known key to a misspelt one.
 *
 * <p>Replication keys are accepted so that RocketMQ's own example files ({@code broker.conf},
 * {@code 2m-noslave}, {@code 2m-2s-async}, {@code 2m-2s-sync}) start a broker; they take effect with
 * replication. The broker logs once, at start, which of them a file set.
 */
final class ConfigKeys {

    /** Accepted and documented, not yet acted on. */
    static final Set<String> NOT_YET_ACTED_ON = Set.of(
            "brokerRole", "brokerIP2", "haListenPort", "haMasterAddress", "haSendHeartbeatInterval",
            "haHousekeepingInterval", "haTransferBatchSize", "haMaxGapNotInSync", "slaveReadEnable",
            "enableControllerMode", "controllerAddr", "enableDLegerCommitLog", "dLegerGroup", "dLegerPeers",
            "dLegerSelfId", "syncStateSetElapsedTime", "allAckInSyncStateSet");

    private ConfigKeys() {
    }

    /** The known key nearest to {@code key} by edit distance, or null when none is near. */
    static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(key.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** What an unknown key is told: its name and, where one is near, the key it probably means. */
    static String describeUnknown(List<String> unknown, Collection<String> known) {
        StringBuilder text = new StringBuilder("unknown broker configuration key(s): ");
        for (int i = 0; i < unknown.size(); i++) {
            String key = unknown.get(i);
            String near = closest(key, known);
            text.append(i == 0 ? "" : ", ").append('\'').append(key).append('\'');
            if (near != null) {
                text.append(" (did you mean '").append(near).append("'?)");
            }
        }
        return text.toString();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
