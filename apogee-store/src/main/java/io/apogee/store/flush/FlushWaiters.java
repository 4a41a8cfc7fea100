package io.apogee.store.flush;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads parked until the commit log is forced up to their offset: a fixed array of slots, so that
 * waiting allocates nothing and the flusher wakes exactly the threads its force covered, without a shared
 * monitor that every woken waiter (and the flusher itself) would queue on.
 *
 * <p>A slot's target is written after the slot is claimed, so the flusher may read the previous occupant's
 * target; offsets only grow, so that stale target is never above the new one and at worst causes a spurious
 * wake-up, which the waiter's re-check absorbs.
 *
 * <p>Thread safety: lock-free; {@link #register}/{@link #unregister} by waiters, {@link #wake} by the flusher.
 */
final class FlushWaiters {

    private final AtomicReferenceArray<Thread> threads;
    private final AtomicLongArray targets;

    FlushWaiters(int capacity) {
        this.threads = new AtomicReferenceArray<>(capacity);
        this.targets = new AtomicLongArray(capacity);
    }

    /** Claims a slot for the thread waiting for {@code target}; -1 when all slots are taken. */
    int register(Thread thread, long target) {
        int capacity = threads.length();
        int start = (int) (thread.getId() % capacity);
        for (int n = 0; n < capacity; n++) {
            int i = (start + n) % capacity;
            if (threads.get(i) == null && threads.compareAndSet(i, null, thread)) {
                targets.set(i, target);
                return i;
            }
        }
        return -1;
    }

    void unregister(int slot) {
        threads.set(slot, null);
    }

    /**
     * Unparks every waiter whose target is at or below {@code flushed}, or every waiter when {@code all};
     * returns how many it unparked.
     */
    int wake(long flushed, boolean all) {
        int woken = 0;
        for (int i = 0, n = threads.length(); i < n; i++) {
            Thread thread = threads.get(i);
            if (thread != null && (all || targets.get(i) <= flushed)) {
                LockSupport.unpark(thread);
                woken++;
            }
        }
        return woken;
    }
}
