package io.apogee.broker.lock;

import io.apogee.protocol.body.MessageQueue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Which client of a consumer group may consume each queue in order: the broker side of orderly
 * consumption. A lock belongs to one client id per (group, queue); it is granted when the queue is
 * free, when its holder's lock has expired ({@code maxLiveMillis} without renewal), or when the
 * holder itself asks again, which renews it.
 *
 * <p>Each lock also remembers the connection ({@code owner}) it was taken over, so that a client
 * whose connection closes (it crashed or was killed) frees its queues at once instead of after the
 * expiry; a client that reconnects simply locks again.
 *
 * <p>Thread safety: every method synchronizes on the table. Orderly clients renew their locks every
 * 20 s and on rebalance, so contention is negligible.
 *
 * @param <C> the connection type (the broker uses remoting connections; tests use plain objects)
 */
public final class QueueLockTable<C> {

    private final Map<String, Map<MessageQueue, Holder<C>>> groups = new HashMap<>();
    private final long maxLiveMillis;
    private final LongSupplier clock;

    private record Holder<C>(String clientId, C owner, long lockedAtMillis) {
    }

    /**
     * @param maxLiveMillis how long a lock lasts without renewal (RocketMQ's rebalance lock max live time)
     */
    public QueueLockTable(long maxLiveMillis, LongSupplier clock) {
        if (maxLiveMillis <= 0) {
            throw new IllegalArgumentException("lock live time must be positive: " + maxLiveMillis);
        }
        this.maxLiveMillis = maxLiveMillis;
        this.clock = clock;
    }

    /** Locks or renews every queue of {@code queues} that {@code clientId} may hold; returns those it now holds. */
    public synchronized Set<MessageQueue> tryLock(String group, String clientId, C owner, Set<MessageQueue> queues) {
        long now = clock.getAsLong();
        Map<MessageQueue, Holder<C>> locks = groups.computeIfAbsent(group, g -> new HashMap<>());
        Set<MessageQueue> granted = new LinkedHashSet<>();
        for (MessageQueue queue : queues) {
            Holder<C> holder = locks.get(queue);
            if (holder == null || holder.clientId().equals(clientId) || expired(holder, now)) {
                locks.put(queue, new Holder<>(clientId, owner, now));
                granted.add(queue);
            }
        }
        return granted;
    }

    /** Releases the queues of {@code queues} that {@code clientId} holds; others' locks stay. */
    public synchronized void unlock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Holder<C>> locks = groups.get(group);
        if (locks == null) {
            return;
        }
        for (MessageQueue queue : queues) {
            Holder<C> holder = locks.get(queue);
            if (holder != null && holder.clientId().equals(clientId)) {
                locks.remove(queue);
            }
        }
        if (locks.isEmpty()) {
            groups.remove(group);
        }
    }

    /** Releases every lock taken over {@code owner} (its connection closed); returns how many. */
    public synchronized int releaseOwner(C owner) {
        int released = 0;
        for (Iterator<Map<MessageQueue, Holder<C>>> it = groups.values().iterator(); it.hasNext(); ) {
            Map<MessageQueue, Holder<C>> locks = it.next();
            int before = locks.size();
            locks.values().removeIf(holder -> holder.owner().equals(owner));
            released += before - locks.size();
            if (locks.isEmpty()) {
                it.remove();
            }
        }
        return released;
    }

    /** The client id holding a live lock on {@code queue} for {@code group}, or null. */
    public synchronized String holder(String group, MessageQueue queue) {
        Map<MessageQueue, Holder<C>> locks = groups.get(group);
        Holder<C> holder = locks == null ? null : locks.get(queue);
        return holder == null || expired(holder, clock.getAsLong()) ? null : holder.clientId();
    }

    private boolean expired(Holder<C> holder, long now) {
        return now - holder.lockedAtMillis() > maxLiveMillis;
    }
}
