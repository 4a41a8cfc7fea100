package io.apogee.broker.transaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The half messages still waiting for a commit or rollback, by their offset in the half topic's
 * queue. Half messages enter as the store dispatches them (or as recovery finds them) and leave
 * when decided or discarded; a decision is taken once, a repeated one is recognised and ignored.
 *
 * <p>A decision can arrive before the store has dispatched its half message (the producer ends the
 * transaction right after the send answer); it is remembered until that dispatch so the message
 * never becomes pending. Dispatches that arrive while recovery is still scanning are held back and
 * applied after it.
 *
 * <p>Thread safety: every method synchronizes on this object. {@link Pending}'s check fields are
 * read and written only by the check service's single thread.
 */
public final class PendingHalfMessages {

    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Set<Long> decidedAhead = new HashSet<>();
    private final List<long[]> heldBack = new ArrayList<>();
    private long highestSeen = -1;
    private boolean recovering = true;

    /** One undecided half message and its check progress. */
    public static final class Pending {
        private final long queueOffset;
        private final long storeTimestamp;
        long nextCheckMillis = -1;
        int checks;

        Pending(long queueOffset, long storeTimestamp) {
            this.queueOffset = queueOffset;
            this.storeTimestamp = storeTimestamp;
        }

        public long queueOffset() {
            return queueOffset;
        }

        public long storeTimestamp() {
            return storeTimestamp;
        }

        public int checks() {
            return checks;
        }
    }

    /** The store dispatched a half message (from the dispatcher thread). */
    public synchronized void dispatched(long queueOffset, long storeTimestamp) {
        if (recovering) {
            heldBack.add(new long[]{queueOffset, storeTimestamp});
            return;
        }
        add(queueOffset, storeTimestamp);
    }

    /**
     * Recovery found a half message in the half topic: {@code decided} when the op topic records
     * its end, else checked {@code checks} times already.
     */
    public synchronized void recovered(long queueOffset, long storeTimestamp, boolean decided, int checks) {
        add(queueOffset, storeTimestamp);
        Pending entry = decided ? pending.remove(queueOffset) : pending.get(queueOffset);
        if (!decided && entry != null) {
            entry.checks = checks;
        }
    }

    /** Puts back a half message whose decision could not be carried out, so it is checked again. */
    public synchronized void undecide(long queueOffset, long storeTimestamp) {
        pending.putIfAbsent(queueOffset, new Pending(queueOffset, storeTimestamp));
    }

    /** Recovery is over: applies the dispatches held back meanwhile. */
    public synchronized void recoveryDone() {
        recovering = false;
        for (long[] held : heldBack) {
            add(held[0], held[1]);
        }
        heldBack.clear();
    }

    private void add(long queueOffset, long storeTimestamp) {
        if (queueOffset <= highestSeen) {
            return;
        }
        highestSeen = queueOffset;
        if (!decidedAhead.remove(queueOffset)) {
            pending.put(queueOffset, new Pending(queueOffset, storeTimestamp));
        }
    }

    /**
     * Takes the half message at {@code queueOffset} out of the pending ones; true when this call
     * decided it, false when it was decided (or discarded) before.
     */
    public synchronized boolean decide(long queueOffset) {
        if (pending.remove(queueOffset) != null) {
            return true;
        }
        return queueOffset > highestSeen && decidedAhead.add(queueOffset);
    }

    /** The pending half messages, oldest first, as a copy. */
    public synchronized List<Pending> snapshot() {
        return new ArrayList<>(pending.values());
    }

    public synchronized boolean isPending(long queueOffset) {
        return pending.containsKey(queueOffset);
    }

    public synchronized int size() {
        return pending.size();
    }
}
