package io.apogee.remoting.client;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RemotingConnectException;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.RemotingPeer;
import io.apogee.remoting.RemotingTimeoutException;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.connection.Endpoint;
import io.apogee.remoting.connection.NativeTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * A remoting client: one connection per address, opened on first use and opened again on the next
 * use after it closed. Requests the server sends over these connections are served by the
 * processors registered here, exactly as on a server.
 *
 * <pre>
 * RemotingClient client = new RemotingClient(new ClientConfig());
 * client.registerProcessor(NOTIFY_CONSUMER_IDS_CHANGED, notifyProcessor, BoundedExecutor.create("notify", 1, 1000));
 * client.start();
 * RemotingCommand response = client.invokeSync("127.0.0.1:9876", request, 3000);
 * client.invokeAsync(brokerAddress, pull, 30_000).whenCompleteAsync(handler, consumerExecutor);
 * client.shutdown();
 * </pre>
 *
 * <p>When a connection closes, the requests pending on it fail at once with
 * {@code RemotingClosedException}; the next request to that address connects again.
 *
 * <p>Thread safety: register before {@link #start()}; the invoke methods may be called from any
 * thread ({@code invokeSync} not from an I/O thread). See {@link Connection} for where futures
 * complete.
 */
public final class RemotingClient extends RemotingPeer<ClientConfig> {

    /**
     * Socket reads start at 16 KiB and may grow to 256 KiB. Netty's default reads at most 64 KiB at a time: a
     * consumer working through a backlog has several 32 KiB pull answers waiting on its connection, so every
     * read was full and most answers straddled two reads, copied into the frame decoder's buffer until whole.
     * With the larger reads a 2,000,000-message consume made 18,348 instead of 40,079 {@code recvfrom} calls
     * and spent about 8 % less client CPU per message (docs/BENCHMARKS.md, session 26).
     */
    private static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(64, 16 * 1024,
            256 * 1024);

    private final ConcurrentHashMap<String, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();
    /** For each connection still opening (or still writing what was issued meanwhile), those requests. */
    private final ConcurrentHashMap<CompletableFuture<Connection>, OpeningWrites<Connection>> waitingForOpen =
            new ConcurrentHashMap<>();
    private volatile Bootstrap bootstrap;
    private EventLoopGroup ioGroup;
    private volatile boolean stopped;

    /** @throws IllegalArgumentException if the configuration is invalid; nothing is started then */
    public RemotingClient(ClientConfig config) {
        super(config.validate().copy(), false);
        endpoint.tls(this.config.tls());
    }

    /** Starts the I/O threads; connections open on demand. */
    public synchronized void start() {
        if (bootstrap != null || stopped) {
            throw new IllegalStateException("client already started or shut down");
        }
        endpoint.start();
        ioGroup = NativeTransport.newGroup(config.ioThreads(), config.name() + "-io", config.preferEpoll());
        bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(NativeTransport.channelType(ioGroup))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeoutMillis())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        endpoint.initChannel(channel);
                    }
                });
    }

    /**
     * The connection to {@code address} ({@code host:port}), connecting first if there is none or the
     * last one closed. Never blocks; the future fails with {@link RemotingConnectException}.
     */
    public CompletableFuture<Connection> connectAsync(String address) {
        Bootstrap b = bootstrap;
        if (b == null || stopped) {
            return CompletableFuture.failedFuture(new RemotingConnectException(address,
                    new IllegalStateException("client not started or shut down")));
        }
        while (true) {
            CompletableFuture<Connection> existing = connections.get(address);
            if (existing != null) {
                if (!existing.isDone()) {
                    return existing;
                }
                Connection connection = readyOrNull(existing);
                if (connection != null && connection.isActive()) {
                    return existing;
                }
                connections.remove(address, existing);
                continue;
            }
            CompletableFuture<Connection> created = new CompletableFuture<>();
            if (connections.putIfAbsent(address, created) != null) {
                continue;
            }
            open(b, address, created);
            return created;
        }
    }

    private void open(Bootstrap b, String address, CompletableFuture<Connection> result) {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            connections.remove(address, result);
            result.completeExceptionally(new RemotingConnectException(address,
                    new IllegalArgumentException("address must be host:port")));
            return;
        }
        String host = address.substring(0, Math.max(0, colon));
        b.connect(host, port).addListener(future -> {
            Channel channel = ((io.netty.channel.ChannelFuture) future).channel();
            if (future.isSuccess()) {
                channel.closeFuture().addListener(closed -> connections.remove(address, result));
                SslHandler ssl = channel.pipeline().get(SslHandler.class);
                if (ssl == null) {
                    result.complete(Endpoint.connectionOf(channel));
                } else {
                    // Opened only once the handshake is done, so a refused certificate fails the connect, not a request.
                    ssl.handshakeFuture().addListener(handshake -> {
                        if (handshake.isSuccess()) {
                            result.complete(Endpoint.connectionOf(channel));
                        } else {
                            connections.remove(address, result);
                            result.completeExceptionally(new RemotingConnectException(address, handshake.cause()));
                        }
                    });
                }
            } else {
                connections.remove(address, result);
                result.completeExceptionally(new RemotingConnectException(address, future.cause()));
            }
        });
    }

    /** The connection of a future that succeeded, else {@code null} (not done yet, or failed). */
    private static Connection readyOrNull(CompletableFuture<Connection> future) {
        return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }

    /** The connection to {@code address}, waiting at most the connect timeout for it to open. */
    public Connection connect(String address) throws RemotingException, InterruptedException {
        CompletableFuture<Connection> future = connectAsync(address);
        Connection now = readyOrNull(future);
        if (now != null) {
            return now;
        }
        try {
            return future.get(config.connectTimeoutMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw Connection.unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new RemotingConnectException(address, e);
        }
    }

    /** Sends {@code request} to {@code address} and waits for the response, at most {@code timeoutMillis} in all. */
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        long start = System.nanoTime();
        Connection connection = connect(address);
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (left <= 0) {
            throw new RemotingTimeoutException("connecting to " + address + " used the whole timeout of "
                    + timeoutMillis + " ms");
        }
        return connection.invokeSync(request, left);
    }

    /**
     * Sends {@code request} to {@code address}; the future fails with a {@link RemotingException}. Requests one
     * thread issues to one address are written in the order issued, also while the connection is still opening.
     */
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, long timeoutMillis) {
        CompletableFuture<Connection> connecting = connectAsync(address);
        Connection now = readyOrNull(connecting);
        if (now != null && !waitingForOpen.containsKey(connecting)) {
            return now.invokeAsync(request, timeoutMillis);
        }
        long start = System.nanoTime();
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        BiConsumer<Connection, Throwable> write = (connection, failure) -> {
            try {
                if (failure != null) {
                    response.completeExceptionally(failure);
                } else {
                    issue(connection, address, request, timeoutMillis, start, response);
                }
            } catch (RuntimeException e) {
                response.completeExceptionally(e);
            }
        };
        OpeningWrites<Connection> created = new OpeningWrites<>();
        OpeningWrites<Connection> writes = waitingForOpen.putIfAbsent(connecting, created);
        if (writes == null) {
            writes = created;
            // Registered outside the map's own update: the opening may be complete already, and then this runs now.
            connecting.whenComplete((connection, failure) -> {
                created.drain(connection, failure);
                waitingForOpen.remove(connecting, created);
            });
        }
        if (!writes.add(write)) {
            // Opened (complete, so this runs now), and everything issued while it opened is written already.
            connecting.whenComplete(write);
        }
        return response;
    }

    private static void issue(Connection connection, String address, RemotingCommand request, long timeoutMillis,
                              long start, CompletableFuture<RemotingCommand> response) {
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (left <= 0) {
            response.completeExceptionally(new RemotingTimeoutException("connecting to " + address
                    + " used the whole timeout of " + timeoutMillis + " ms"));
            return;
        }
        connection.invokeAsync(request, left).whenComplete((answer, failure) -> {
            if (failure != null) {
                response.completeExceptionally(failure);
            } else {
                response.complete(answer);
            }
        });
    }

    /** Sends {@code request} to {@code address} flagged oneway; see {@link Connection#invokeOneway}. */
    public void invokeOneway(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        connect(address).invokeOneway(request, timeoutMillis);
    }

    /** Closes the connection to {@code address}, if any; its pending requests fail at once. */
    public void closeConnection(String address) {
        CompletableFuture<Connection> existing = connections.remove(address);
        if (existing != null) {
            existing.thenAccept(Connection::close);
        }
    }

    /** Closes every connection and stops the client's threads and processor executors. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            endpoint.shutdown(bootstrap == null ? 0 : config.shutdownGraceMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.clear();
            if (ioGroup != null) {
                ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
    }
}
