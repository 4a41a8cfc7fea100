package io.apogee.remoting.processor;

import io.apogee.remoting.connection.Connection;
import io.netty.util.AttributeKey;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of one connection handed to processors and not answered yet, bounded: executor queues are
 * shared by every connection, so without a bound one pipelining peer could fill them and every other peer
 * would be answered SYSTEM_BUSY. A request past the bound is answered SYSTEM_BUSY at once (the official
 * client retries), and the connection stays open. Held long polls count: they hold a place until answered.
 *
 * <p>Thread safety: lock-free; acquired on I/O threads, released on whichever thread answers.
 */
final class RequestsPerConnection {

    /** No bound: for clients, whose requests come from the one server they asked. */
    static final RequestsPerConnection UNBOUNDED = new RequestsPerConnection(Integer.MAX_VALUE);

    private static final AttributeKey<AtomicInteger> IN_PROGRESS = AttributeKey.valueOf("apogee.requestsInProgress");

    private final int max;

    RequestsPerConnection(int max) {
        this.max = max;
    }

    /** Counts one more request of {@code connection} if it stays within the bound; returns whether it did. */
    boolean tryAcquire(Connection connection) {
        if (max == Integer.MAX_VALUE) {
            return true;
        }
        AtomicInteger mine = inProgress(connection);
        if (mine.incrementAndGet() > max) {
            mine.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back what {@link #tryAcquire} counted; once per admitted request. */
    void release(Connection connection) {
        if (max != Integer.MAX_VALUE) {
            inProgress(connection).decrementAndGet();
        }
    }

    int max() {
        return max;
    }

    private static AtomicInteger inProgress(Connection connection) {
        return ConnectionAttributes.getOrCreate(connection, IN_PROGRESS, AtomicInteger::new);
    }
}
