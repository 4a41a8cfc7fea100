package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one queue that were pulled but not yet consumed, by queue offset. The committable
 * offset is the smallest one still in flight, or one past the largest pulled when none is: so a
 * crash redelivers unfinished messages instead of skipping them.
 *
 * <p>Thread safety: the pull thread adds, consume threads remove; the tree is guarded by this
 * object's monitor and the counters are atomic. {@link #isDropped()} is set by the rebalance thread.
 */
public final class ProcessQueue {

    private final TreeMap<Long, MessageExt> inFlight = new TreeMap<>();
    /** Orderly consumption: messages taken for the listener and not yet committed. */
    private final TreeMap<Long, MessageExt> consuming = new TreeMap<>();
    private final Object consumeLock = new Object();
    private volatile boolean locked;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private long maxOffset = -1;
    private volatile boolean dropped;
    private volatile boolean paused;

    /** Adds pulled messages. */
    public synchronized void putMessages(List<MessageExt> messages) {
        int added = 0;
        long addedBytes = 0;
        for (MessageExt m : messages) {
            if (inFlight.put(m.getQueueOffset(), m) == null) {
                added++;
                addedBytes += bodyLength(m);
            }
            maxOffset = Math.max(maxOffset, m.getQueueOffset());
        }
        count.addAndGet(added);
        bytes.addAndGet(addedBytes);
    }

    /** Removes consumed messages and answers the offset that may now be committed, or -1 if none was pulled. */
    public synchronized long removeMessages(List<MessageExt> messages) {
        int removedCount = 0;
        long removedBytes = 0;
        for (MessageExt m : messages) {
            MessageExt removed = inFlight.remove(m.getQueueOffset());
            if (removed != null) {
                removedCount++;
                removedBytes += bodyLength(removed);
            }
        }
        count.addAndGet(-removedCount);
        bytes.addAndGet(-removedBytes);
        if (!inFlight.isEmpty()) {
            return inFlight.firstKey();
        }
        return maxOffset < 0 ? -1 : maxOffset + 1;
    }

    /** Orderly: moves up to {@code n} messages, lowest offsets first, to the consuming set. */
    public synchronized List<MessageExt> takeMessages(int n) {
        List<MessageExt> taken = new java.util.ArrayList<>(n);
        while (taken.size() < n && !inFlight.isEmpty()) {
            Map.Entry<Long, MessageExt> first = inFlight.pollFirstEntry();
            consuming.put(first.getKey(), first.getValue());
            taken.add(first.getValue());
        }
        return taken;
    }

    /** Orderly: the consuming set is done; answers the offset to commit (one past it), or -1. */
    public synchronized long commit() {
        if (consuming.isEmpty()) {
            return -1;
        }
        long next = consuming.lastKey() + 1;
        long committedBytes = 0;
        for (MessageExt m : consuming.values()) {
            committedBytes += bodyLength(m);
        }
        count.addAndGet(-consuming.size());
        bytes.addAndGet(-committedBytes);
        consuming.clear();
        return next;
    }

    /** Orderly: puts messages taken for the listener back, to be consumed again first. */
    public synchronized void makeMessagesToConsumeAgain(List<MessageExt> messages) {
        for (MessageExt m : messages) {
            consuming.remove(m.getQueueOffset());
            inFlight.put(m.getQueueOffset(), m);
        }
    }

    /** Orderly: held while the queue's messages are given to the listener, so one thread consumes a queue at a time. */
    public Object consumeLock() { return consumeLock; }
    public boolean isLocked() { return locked; }
    public void setLocked(boolean locked) { this.locked = locked; }

    /** Forgets every message held, as after a seek. */
    public synchronized void clear() {
        inFlight.clear();
        consuming.clear();
        count.set(0);
        bytes.set(0);
        maxOffset = -1;
    }

    private static int bodyLength(MessageExt m) {
        return m.getBody() == null ? 0 : m.getBody().length;
    }

    public long messageCount() { return count.get(); }
    public long messageBytes() { return bytes.get(); }
    public boolean isDropped() { return dropped; }
    public void markDropped() { dropped = true; }
    public boolean isPaused() { return paused; }
    public void setPaused(boolean paused) { this.paused = paused; }
}
