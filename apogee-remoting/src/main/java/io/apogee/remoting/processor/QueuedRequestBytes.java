package io.apogee.remoting.processor;

import io.apogee.remoting.connection.Connection;
import io.netty.util.AttributeKey;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies handed to processor executors and not yet processed, bounded per
 * connection and in total: executor queues are bounded by count, and a count of 1 MB sends is a lot of
 * heap. A request that does not fit is answered SYSTEM_BUSY before it is queued; its bytes count from
 * dispatch until its processor returns (or its executor rejects it), exactly once on every path.
 *
 * <p>Thread safety: lock-free; added on I/O threads, released on processor threads (or the I/O thread
 * when the executor rejects).
 */
public final class QueuedRequestBytes {

    /** No bound: for clients, whose requests come from the one server they asked. */
    static final QueuedRequestBytes UNBOUNDED = new QueuedRequestBytes(Long.MAX_VALUE, Long.MAX_VALUE);

    private static final AttributeKey<AtomicLong> PER_CONNECTION = AttributeKey.valueOf("apogee.queuedRequestBytes");

    private final long maxTotal;
    private final long maxPerConnection;
    private final AtomicLong total = new AtomicLong();

    public QueuedRequestBytes(long maxTotal, long maxPerConnection) {
        this.maxTotal = maxTotal;
        this.maxPerConnection = maxPerConnection;
    }

    /** Counts {@code bytes} for {@code connection} if both bounds allow; a request within them always fits when nothing waits. */
    boolean tryAdd(Connection connection, long bytes) {
        if (bytes == 0) {
            return true;
        }
        AtomicLong mine = perConnection(connection);
        long now = mine.addAndGet(bytes);
        if (now > maxPerConnection && now != bytes) {
            mine.addAndGet(-bytes);
            return false;
        }
        long all = total.addAndGet(bytes);
        if (all > maxTotal && all != bytes) {
            total.addAndGet(-bytes);
            mine.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back what {@link #tryAdd} counted for a request; called once per admitted request. */
    void release(Connection connection, long bytes) {
        if (bytes == 0) {
            return;
        }
        total.addAndGet(-bytes);
        connection.channel().attr(PER_CONNECTION).get().addAndGet(-bytes);
    }

    private static AtomicLong perConnection(Connection connection) {
        return ConnectionAttributes.getOrCreate(connection, PER_CONNECTION, AtomicLong::new);
    }

    /** Bytes waiting for or in processors now, all connections together. */
    public long total() {
        return total.get();
    }
}
