package io.apogee.remoting.processor;

import io.apogee.remoting.connection.Connection;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies handed to processor executors and not yet processed, bounded per
 * connection and in total: executor queues are bounded by count, and a count of 1 MB sends is a lot of
 * heap. Its bytes count from dispatch until the request's processor returns (or its executor rejects it),
 * exactly once on every path.
 *
 * <p>The two bounds act differently:
 * <ul>
 *   <li>Past its own bound a connection is <em>paused</em>: the request that crossed it is admitted and the
 *       server stops reading from that connection until its bytes are down to half the bound. A client that
 *       pipelines sends (the official client keeps up to 100 MiB of asynchronous sends in flight by default)
 *       is slowed by TCP, as a Kafka broker slows one, instead of getting errors it would count as failed
 *       sends. Once paused, only frames already received can still arrive: the read loop stops after the
 *       current read.</li>
 *   <li>Past the total bound a request is refused (SYSTEM_BUSY) before it is queued: many connections at
 *       once must not hold more than this, whatever each one's bound allows.</li>
 * </ul>
 *
 * <p>Thread safety: lock-free; added on the connection's I/O thread, released on processor threads (or the I/O
 * thread when the executor rejects). A connection is paused (reads off, then the flag set) only on its I/O
 * thread and resumed by whichever thread clears the flag, so a resume always follows the pause it undoes;
 * the I/O thread checks again after pausing in case every byte was released in between.
 */
public final class QueuedRequestBytes {

    /** No bound: for clients, whose requests come from the one server they asked. */
    static final QueuedRequestBytes UNBOUNDED = new QueuedRequestBytes(Long.MAX_VALUE, Long.MAX_VALUE);

    private static final AttributeKey<Queued> PER_CONNECTION = AttributeKey.valueOf("apogee.queuedRequestBytes");

    /** What {@link #tryAdd} did with a request. */
    enum Admission {
        ADMITTED,
        /** Admitted; the connection is over its own bound and its reads are paused. */
        ADMITTED_PAUSED,
        /** Not counted: the total bound does not allow it. */
        REFUSED
    }

    private final long maxTotal;
    private final long maxPerConnection;
    private final long resumeAt;
    private final AtomicLong total = new AtomicLong();

    public QueuedRequestBytes(long maxTotal, long maxPerConnection) {
        this.maxTotal = maxTotal;
        this.maxPerConnection = maxPerConnection;
        this.resumeAt = maxPerConnection / 2;
    }

    /**
     * Counts {@code bytes} for {@code connection} unless the total bound refuses them; a request always fits
     * when nothing waits. Pauses the connection's reads when it goes over its own bound.
     */
    Admission tryAdd(Connection connection, long bytes) {
        if (bytes == 0) {
            return Admission.ADMITTED;
        }
        long all = total.addAndGet(bytes);
        if (all > maxTotal && all != bytes) {
            total.addAndGet(-bytes);
            return Admission.REFUSED;
        }
        Queued mine = perConnection(connection);
        if (mine.bytes.addAndGet(bytes) <= maxPerConnection) {
            return Admission.ADMITTED;
        }
        if (!mine.paused.get()) {
            Channel channel = connection.channel();
            channel.config().setAutoRead(false);
            mine.paused.set(true);
            resumeIfDrained(channel, mine);
        }
        return Admission.ADMITTED_PAUSED;
    }

    /** Gives back what {@link #tryAdd} counted for an admitted request; resumes reading once half drained. */
    void release(Connection connection, long bytes) {
        if (bytes == 0) {
            return;
        }
        total.addAndGet(-bytes);
        Queued mine = connection.channel().attr(PER_CONNECTION).get();
        mine.bytes.addAndGet(-bytes);
        resumeIfDrained(connection.channel(), mine);
    }

    private void resumeIfDrained(Channel channel, Queued mine) {
        // A server also stops reading a connection whose responses do not drain; that pause turns reading back
        // on only when this one is off (see readsPaused), and this one only when the connection is writable.
        if (mine.bytes.get() <= resumeAt && mine.paused.compareAndSet(true, false) && channel.isWritable()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Whether {@code channel}'s reads are paused for its queued request bytes now; any thread. */
    public static boolean readsPaused(Channel channel) {
        Queued queued = channel.attr(PER_CONNECTION).get();
        return queued != null && queued.paused.get();
    }

    private static Queued perConnection(Connection connection) {
        return ConnectionAttributes.getOrCreate(connection, PER_CONNECTION, Queued::new);
    }

    /** Bytes waiting for or in processors now, all connections together. */
    public long total() {
        return total.get();
    }

    /** One connection's bytes, and whether its reads are paused for them. */
    private static final class Queued {
        final AtomicLong bytes = new AtomicLong();
        final AtomicBoolean paused = new AtomicBoolean();
    }
}
