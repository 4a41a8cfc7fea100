package io.apogee.cli.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces sends so that all sending threads together make a target rate: each permit is a time slot, handed
 * out in order from one counter, and the caller parks until its slot. A sender that fell behind catches up
 * at full speed, but by no more than one second of slots, so a stall does not turn into an unbounded burst.
 *
 * <p>Thread safety: {@link #acquire} from any number of threads.
 */
final class RateLimiter {

    private static final long MAX_CATCH_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double nanosPerPermit;
    private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

    /** A limiter of {@code permitsPerSecond}, or none at all when it is 0. */
    RateLimiter(double permitsPerSecond) {
        if (permitsPerSecond < 0) {
            throw new IllegalArgumentException("a rate cannot be negative: " + permitsPerSecond);
        }
        this.nanosPerPermit = permitsPerSecond == 0 ? 0 : 1e9 / permitsPerSecond;
    }

    /** Waits for the slot of {@code permits} (one per message). */
    void acquire(int permits) {
        if (nanosPerPermit == 0) {
            return;
        }
        long cost = Math.max(1, Math.round(nanosPerPermit * permits));
        long now = System.nanoTime();
        long slot;
        long current;
        do {
            current = nextSlot.get();
            slot = Math.max(current, now - MAX_CATCH_UP_NANOS);
        } while (!nextSlot.compareAndSet(current, slot + cost));
        for (long wait = slot - now; wait > 0; wait = slot - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
