package io.apogee.broker.ha;

import io.apogee.store.AppendStatus;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * What the slaves of a master hold, and the SYNC_MASTER sends waiting for them. Each connected slave's last
 * report is kept; a slave is in sync while it is no more than {@code haMaxGapNotInSync} behind the master's
 * log. A send is answered SEND_OK once every in-sync slave holds it.
 *
 * <p>Group commit: waiting sends are futures in one queue, not threads; each report releases every send it
 * covers at once, so one round trip to the slave answers all senders up to that offset. A timer sweeps the
 * queue for sends past {@code timeout} (FLUSH_SLAVE_TIMEOUT).
 *
 * <p>Thread safety: {@link #await} from send threads; {@link #report} and {@link #disconnected} from each
 * slave connection's reader thread; {@link #expire} from the timer thread. Futures complete on the thread
 * that releases them; callers hand their answers on (the send processor answers on the event loop).
 */
final class ReplicaAcks {

    /** A slave's latest report, written by its connection's reader thread. */
    static final class Replica {
        volatile long acked = -1;
        /** The id the slave names itself by in its reports; -1 before its first. */
        volatile long brokerId = -1;
    }

    private record Pending(long offset, long deadlineNanos, CompletableFuture<AppendStatus> future) {
    }

    private final CopyOnWriteArrayList<Replica> replicas = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final LongSupplier masterOffset;
    private final long maxGap;
    private final long timeoutNanos;
    /**
     * In controller mode, the slaves the controller confirmed in sync (the master left out): every one of them
     * must hold a send, connected or not, and only the controller shrinks the set. Null with static roles,
     * where the slaves within {@code maxGap} of the master are the ones that count.
     */
    private volatile Set<Long> required;

    ReplicaAcks(LongSupplier masterOffset, long maxGap, long timeoutMillis) {
        this.masterOffset = masterOffset;
        this.maxGap = maxGap;
        this.timeoutNanos = timeoutMillis * 1_000_000;
    }

    Replica connected() {
        Replica replica = new Replica();
        replicas.add(replica);
        return replica;
    }

    void disconnected(Replica replica) {
        replicas.remove(replica);
        release();
    }

    void report(Replica replica, long offset) {
        replica.acked = offset;
        release();
    }

    /** Slaves connected now (whether in sync or not). */
    int connectedCount() {
        return replicas.size();
    }

    /** Each connected slave's last acknowledged offset (-1 until it reports), in connection order. */
    long[] ackedOffsets() {
        return replicas.stream().mapToLong(r -> r.acked).toArray();
    }

    /**
     * Switches to controller mode's rule: from now on a send waits for exactly the slaves in {@code slaves}, the
     * in-sync set the controller confirmed (without this master). Any thread.
     */
    void require(Set<Long> slaves) {
        required = Set.copyOf(slaves);
        release();
    }

    /** The ids of the connected slaves within {@code maxGap} of this master, which may join the in-sync set. */
    Set<Long> caughtUp() {
        long master = masterOffset.getAsLong();
        Set<Long> ids = new TreeSet<>();
        for (Replica replica : replicas) {
            long acked = replica.acked;
            if (replica.brokerId >= 0 && acked >= 0 && master - acked <= maxGap) {
                ids.add(replica.brokerId);
            }
        }
        return ids;
    }

    /**
     * The offset every in-sync slave holds, or -1 when no slave is in sync: a slave that has not reported yet,
     * or lags more than {@code haMaxGapNotInSync}, does not count. In controller mode, the offset every slave
     * of the confirmed set holds (0 for one not connected, so sends wait for the set to shrink), or this
     * master's end when the set holds no slave.
     */
    long inSyncOffset() {
        long master = masterOffset.getAsLong();
        Set<Long> confirmed = required;
        if (confirmed != null) {
            return confirmedOffset(confirmed, master);
        }
        long covered = Long.MAX_VALUE;
        for (Replica replica : replicas) {
            long acked = replica.acked;
            if (acked >= 0 && master - acked <= maxGap) {
                covered = Math.min(covered, acked);
            }
        }
        return covered == Long.MAX_VALUE ? -1 : covered;
    }

    private long confirmedOffset(Set<Long> confirmed, long master) {
        long covered = master;
        for (Long id : confirmed) {
            long held = 0;
            for (Replica replica : replicas) {
                if (replica.brokerId == id) {
                    held = Math.max(held, replica.acked);
                }
            }
            covered = Math.min(covered, held);
        }
        return covered;
    }

    /** Completes once every in-sync slave holds the bytes below {@code endOffset}. */
    CompletableFuture<AppendStatus> await(long endOffset) {
        long covered = inSyncOffset();
        if (covered < 0) {
            return CompletableFuture.completedFuture(AppendStatus.SLAVE_NOT_AVAILABLE);
        }
        if (covered >= endOffset) {
            return CompletableFuture.completedFuture(AppendStatus.PUT_OK);
        }
        CompletableFuture<AppendStatus> future = new CompletableFuture<>();
        pending.add(new Pending(endOffset, System.nanoTime() + timeoutNanos, future));
        // A report that came between the check and the add released nothing of this send: look again.
        release();
        return future;
    }

    /** Sends waiting now. */
    int waiting() {
        return pending.size();
    }

    private void release() {
        if (pending.isEmpty()) {
            return;
        }
        long covered = inSyncOffset();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (covered >= p.offset) {
                it.remove();
                p.future.complete(AppendStatus.PUT_OK);
            }
        }
    }

    /** Answers FLUSH_SLAVE_TIMEOUT to every send waiting past the timeout (all of them when {@code all}). */
    void expire(boolean all) {
        long now = System.nanoTime();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (all || now - p.deadlineNanos >= 0) {
                it.remove();
                p.future.complete(AppendStatus.FLUSH_SLAVE_TIMEOUT);
            }
        }
    }
}
