package io.apogee.broker.ha;

import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * The master's side of replication: accepts slaves on {@code haListenPort} and gives each a
 * {@link SlaveConnection}. One accept thread; each connection has its own two threads.
 *
 * <p>Thread safety: {@link #wake()} from any thread (appenders, the dispatcher); {@link #start()} and
 * {@link #close()} by the broker's owning thread.
 */
final class ReplicationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServer.class);

    private final MessageStore store;
    private final int maxMessageSize;
    private final ReplicaAcks acks;
    private final HaConfig config;
    private final EpochFile epochs;
    private final IntConsumer newerEpoch;
    private final ServerSocket serverSocket;
    private final CopyOnWriteArrayList<SlaveConnection> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param epochs     this master's epoch history, sent to each slave before its log
     * @param newerEpoch told (on a connection's reader thread) when a slave knows a newer epoch than this master's
     */
    ReplicationServer(MessageStore store, int maxMessageSize, ReplicaAcks acks, HaConfig config, EpochFile epochs,
                      IntConsumer newerEpoch, String bindAddress, int port) {
        this.store = store;
        this.maxMessageSize = maxMessageSize;
        this.acks = acks;
        this.config = config;
        this.epochs = epochs;
        this.newerEpoch = newerEpoch;
        try {
            serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(bindAddress, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for slaves on " + bindAddress + ":" + port + " ("
                    + HaConfig.HA_LISTEN_PORT + "): " + e.getMessage(), e);
        }
        acceptor = new Thread(this::accept, "ha-accept");
        acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
        LOG.info("serving slaves on port {}", port());
    }

    /** The bound port. */
    int port() {
        return serverSocket.getLocalPort();
    }

    /** Tells every connection's shipper that the log grew. */
    void wake() {
        for (SlaveConnection connection : connections) {
            connection.wake();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                SlaveConnection[] made = new SlaveConnection[1];
                made[0] = new SlaveConnection(socket, store, maxMessageSize, acks, config, epochs, newerEpoch,
                        () -> connections.remove(made[0]));
                connections.add(made[0]);
                made[0].start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accepting a slave: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("closing the replication port: {}", e.toString());
        }
        for (SlaveConnection connection : connections) {
            connection.close(null);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
