package io.apogee.remoting.connection;

import io.apogee.remoting.ConnectionListener;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers connection events to the {@link ConnectionListener}s of one endpoint, in order, on one
 * thread of its own: I/O threads only enqueue, so a slow listener cannot stall the network. The
 * queue is bounded; when it is full an event is dropped with a warning rather than growing memory.
 *
 * <p>Thread safety: {@link #fire} and {@link #add} may be called from any thread.
 */
public final class ConnectionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
    private static final int QUEUE_CAPACITY = 10_000;

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor thread;

    public ConnectionEvents(String name) {
        thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                new DefaultThreadFactory(name + "-events", true));
    }

    public void add(ConnectionListener listener) {
        listeners.add(listener);
    }

    /** Queues {@code event} for every listener; does nothing when there are none. */
    public void fire(String what, Connection connection, Consumer<ConnectionListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> deliver(what, connection, event));
        } catch (RejectedExecutionException e) {
            if (!thread.isShutdown()) {
                LOG.warn("dropped {} event of {}: listener queue full", what, connection.remoteAddress());
            }
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
