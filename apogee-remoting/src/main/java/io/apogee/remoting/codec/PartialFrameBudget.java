package io.apogee.remoting.codec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of one endpoint may hold in frames not yet fully received. A frame's
 * declared length is reserved when its length field arrives and released when the frame is decoded
 * or its connection closes, so half-sent large frames on many connections cannot pin memory beyond
 * this budget: the connection whose frame does not fit is closed instead.
 *
 * <p>Thread safety: lock-free; reserved and released from I/O threads.
 */
public final class PartialFrameBudget {

    private final long maxBytes;
    private final AtomicLong reserved = new AtomicLong();

    public PartialFrameBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reserves {@code bytes} if they fit; returns whether they did. */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = reserved.get();
            if (current + bytes > maxBytes) {
                return false;
            }
            if (reserved.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    /** Bytes reserved now by frames being received. */
    public long reserved() {
        return reserved.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
