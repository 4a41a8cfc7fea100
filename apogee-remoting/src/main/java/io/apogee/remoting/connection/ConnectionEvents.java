package io.apogee.remoting.connection;

import io.apogee.common.log.RateLimitedLog;
import io.apogee.remoting.ConnectionListener;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers connection events to the {@link ConnectionListener}s of one endpoint, in order, on one
 * thread of its own: I/O threads only enqueue, so a slow listener cannot stall the network.
 *
 * <p>Connect, idle and exception events are bounded: past {@value #DROPPABLE_CAPACITY} waiting ones a
 * new one is dropped (counted, logged once per interval). Close events are never dropped, because
 * listeners free what a connection held (queue locks, client registrations) on them; they need no
 * bound of their own, as each connection closes once.
 *
 * <p>Thread safety: {@link #fire} and {@link #add} may be called from any thread.
 */
public final class ConnectionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
    static final int DROPPABLE_CAPACITY = 10_000;
    private static final RateLimitedLog DROPPED = new RateLimitedLog(LOG, 10_000);

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor thread;
    private final AtomicInteger droppableWaiting = new AtomicInteger();

    public ConnectionEvents(String name) {
        thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(name + "-events", true));
    }

    public void add(ConnectionListener listener) {
        listeners.add(listener);
    }

    /**
     * Queues {@code event} for every listener, unless {@value #DROPPABLE_CAPACITY} such events already
     * wait; does nothing when there are no listeners.
     */
    public void fire(String what, Connection connection, Consumer<ConnectionListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        if (droppableWaiting.incrementAndGet() > DROPPABLE_CAPACITY) {
            droppableWaiting.decrementAndGet();
            DROPPED.warn("dropped {} event of {}: listener queue full", what, connection.remoteAddress());
            return;
        }
        enqueue(() -> {
            droppableWaiting.decrementAndGet();
            deliver(what, connection, event);
        });
    }

    /** Queues the close of {@code connection} for every listener; never dropped while running. */
    public void fireClose(Connection connection) {
        if (!listeners.isEmpty()) {
            enqueue(() -> deliver("close", connection, l -> l.onClose(connection)));
        }
    }

    private void enqueue(Runnable delivery) {
        try {
            thread.execute(delivery);
        } catch (RejectedExecutionException afterShutdown) {
            // The endpoint is stopping: its listeners are being stopped too.
        }
    }

    private void deliver(String what, Connection connection, Consumer<ConnectionListener> event) {
        for (ConnectionListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("connection listener {} failed on {} event of {}", listener, what,
                        connection.remoteAddress(), e);
            }
        }
    }

    /** Delivers the events already queued (bounded wait), then stops the thread. */
    public void shutdown(long waitMillis) throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    }
}
