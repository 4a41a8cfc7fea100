package io.apogee.broker.ha;

/**
 * Where a slave's log stops agreeing with its master's, from the two epoch histories (as Kafka's leader
 * epochs and RocketMQ 5's epoch cache compare them): take the slave's epochs from the newest down; the first
 * one the master also has ends, on each side, where the next entry starts (or at the log's end); the smaller
 * of the two ends is the last offset both logs hold for sure, since below it both were written by the same
 * master in the same term. When none is shared but the master's history begins, after every epoch here, no later
 * than this log's first entry, all of this log was superseded: nothing of it reached the master, which an
 * acknowledged message would have (the controller elects only replicas of the in-sync set).
 *
 * <p>Thread safety: stateless.
 */
final class DivergencePoint {

    private DivergencePoint() {
    }

    /**
     * The offset the slave's log must be cut back to (its own end when nothing diverged), or -1 when the two
     * histories share no epoch, so the slave cannot tell what of its log is the master's.
     */
    static long of(EpochFile local, long localEnd, TransferFrames.Hello master) {
        int n = local.size();
        if (n == 0) {
            return localEnd == 0 ? 0 : -1;
        }
        for (int i = n - 1; i >= 0; i--) {
            int j = master.indexOf(local.epoch(i));
            if (j < 0) {
                continue;
            }
            long localEndOfEpoch = i + 1 < n ? local.start(i + 1) : localEnd;
            long masterEndOfEpoch = j + 1 < master.starts().length ? master.starts()[j + 1] : master.end();
            return Math.min(localEndOfEpoch, masterEndOfEpoch);
        }
        long[] masterStarts = master.starts();
        if (masterStarts.length > 0 && master.epochs()[0] > local.lastEpoch() && masterStarts[0] <= local.start(0)) {
            return local.start(0);
        }
        return -1;
    }
}
