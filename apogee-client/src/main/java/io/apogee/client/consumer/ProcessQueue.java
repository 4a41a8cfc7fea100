package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;

import java.util.List;
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
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private long maxOffset = -1;
    private volatile boolean dropped;
    private volatile boolean paused;
    private volatile long lastPullMillis = System.currentTimeMillis();

    /** Adds pulled messages. */
    public synchronized void putMessages(List<MessageExt> messages) {
        for (MessageExt m : messages) {
            if (inFlight.put(m.getQueueOffset(), m) == null) {
                count.incrementAndGet();
                bytes.addAndGet(m.getBody() == null ? 0 : m.getBody().length);
            }
            maxOffset = Math.max(maxOffset, m.getQueueOffset());
        }
    }

    /** Removes consumed messages and answers the offset that may now be committed, or -1 if none was pulled. */
    public synchronized long removeMessages(List<MessageExt> messages) {
        for (MessageExt m : messages) {
            MessageExt removed = inFlight.remove(m.getQueueOffset());
            if (removed != null) {
                count.decrementAndGet();
                bytes.addAndGet(-(removed.getBody() == null ? 0 : removed.getBody().length));
            }
        }
        if (!inFlight.isEmpty()) {
            return inFlight.firstKey();
        }
        return maxOffset < 0 ? -1 : maxOffset + 1;
    }

    /** Forgets every message held, as after a seek. */
    public synchronized void clear() {
        inFlight.clear();
        count.set(0);
        bytes.set(0);
        maxOffset = -1;
    }

    public long messageCount() { return count.get(); }
    public long messageBytes() { return bytes.get(); }
    public boolean isDropped() { return dropped; }
    public void markDropped() { dropped = true; }
    public boolean isPaused() { return paused; }
    public void setPaused(boolean paused) { this.paused = paused; }
    public long lastPullMillis() { return lastPullMillis; }
    public void markPulled() { lastPullMillis = System.currentTimeMillis(); }
}
