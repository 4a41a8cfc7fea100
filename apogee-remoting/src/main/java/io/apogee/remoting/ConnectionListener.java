package io.apogee.remoting;

import io.apogee.remoting.connection.Connection;

/**
 * Learns about the life of connections: opened, closed, failed, idle. The broker uses it to forget
 * the producers and consumers of a closed channel; the name server to drop a broker's routes.
 *
 * <p>Thread safety: all events of an endpoint are delivered in order on one dedicated thread, never
 * on an I/O thread, so a listener may take locks; it should still return quickly because events
 * queue behind it (the queue is bounded and events beyond it are dropped with a warning).
 */
public interface ConnectionListener {

    default void onConnect(Connection connection) {
    }

    default void onClose(Connection connection) {
    }

    /** The connection failed with {@code cause} and is being closed; {@link #onClose} follows. */
    default void onException(Connection connection, Throwable cause) {
    }

    /** Nothing was read or written for the configured idle time; the connection is being closed. */
    default void onIdle(Connection connection) {
    }
}
