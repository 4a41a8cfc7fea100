package io.apogee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay the fault harness puts on every path into and out of a broker, so that it can cut the broker off
 * the network without touching its process or its disk. While cut it is a black hole, as a partition is: it
 * keeps accepting and keeps the connections open, but drops every byte either way, so peers see only
 * silence and time-outs, never a closed connection. Healing closes every connection that lived through the cut
 * (their streams lost bytes, as a real partition ends in resets and time-outs) and relays new ones again.
 *
 * <p>Threads: one accepting, two per relayed connection (few connections, loopback only). Thread safety:
 * {@link #cut()}, {@link #heal()} and {@link #close()} from any thread.
 */
final class FaultProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    /** Listens on {@code listen} and relays each connection to {@code target}. */
    FaultProxy(InetSocketAddress listen, InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        Thread acceptor = new Thread(this::accept, "fault-proxy-" + listen.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 2_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            relay(client, upstream);
            relay(upstream, client);
        }
    }

    private void relay(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!cut) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // The other side closed, or heal() closed both: the relay ends either way.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "fault-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on nothing passes, either way, on any connection, old or new. */
    void cut() {
        cut = true;
    }

    /** Closes the connections that lived through the cut and relays again. */
    void heal() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
        cut = false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        heal();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is best effort: the relay is going away.
        }
    }
}
