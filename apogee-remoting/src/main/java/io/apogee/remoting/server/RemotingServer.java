package io.apogee.remoting.server;

import io.apogee.remoting.RemotingPeer;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.connection.NativeTransport;
import io.apogee.remoting.processor.QueuedRequestBytes;
import io.apogee.remoting.processor.ServedRequests;
import io.apogee.remoting.tls.ChannelTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * A remoting server: accepts connections, serves their requests with the processors registered per
 * request code, and can send requests of its own to a connected client over the client's connection.
 *
 * <pre>
 * RemotingServer server = new RemotingServer(new ServerConfig().bindAddress("127.0.0.1").port(10911));
 * server.registerProcessor(SEND_MESSAGE, sendProcessor, BoundedExecutor.create("send", 4, 10_000));
 * server.start();
 * ...
 * connection.invokeOneway(notifyRequest, 3000);   // connection from a RequestContext or a listener
 * ...
 * server.shutdown();   // stop accepting, finish requests in progress (bounded), close
 * </pre>
 *
 * <p>Threads: one acceptor, {@code ioThreads} I/O threads (epoll when available), one timeout
 * timer, one listener-event thread, plus the processors' executors, which the server shuts down.
 *
 * <p>Thread safety: register processors, hooks and listeners before {@link #start()}; start and
 * shutdown once each, from any thread; the accessors may be called from any thread.
 */
public final class RemotingServer extends RemotingPeer<ServerConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);

    private EventLoopGroup acceptorGroup;
    private EventLoopGroup ioGroup;
    private final ConnectionGate gate;
    private volatile Channel serverChannel;
    private boolean started;
    private boolean stopped;

    /** @throws IllegalArgumentException if the configuration is invalid; nothing is started then */
    public RemotingServer(ServerConfig config) {
        super(config.validate().copy(), true);
        endpoint.dispatcher().limitQueuedBytes(new QueuedRequestBytes(this.config.serverQueuedRequestBytesMax(),
                this.config.serverQueuedRequestBytesPerConnectionMax()));
        endpoint.tls(this.config.tls());
        endpoint.dispatcher().limitRequestsPerConnection(this.config.maxRequestsInFlightPerConnection());
        endpoint.closeSilentConnectionsAfter(this.config.firstFrameTimeoutMillis());
        gate = new ConnectionGate(this.config.maxConnections(), this.config.maxConnectionsPerAddress(),
                endpoint.counters());
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException if already started, or if the address cannot be bound
     */
    public synchronized void start() {
        if (started || stopped) {
            throw new IllegalStateException("server already started or shut down");
        }
        started = true;
        endpoint.start();
        acceptorGroup = NativeTransport.newGroup(config.acceptorThreads(), config.name() + "-accept", config.preferEpoll());
        ioGroup = NativeTransport.newGroup(config.ioThreads(), config.name() + "-io", config.preferEpoll());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptorGroup, ioGroup)
                .channel(NativeTransport.serverChannelType(ioGroup))
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(gate)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        endpoint.initChannel(channel);
                    }
                });
        ChannelFuture bind = bootstrap.bind(config.bindAddress(), config.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            acceptorGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            ioGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            stopped = true;
            shutdownEndpointNow();
            throw new BindFailedException("cannot bind " + config.bindAddress() + ":" + config.port()
                    + ": " + bind.cause().getMessage(), bind.cause());
        }
        serverChannel = bind.channel();
        LOG.info("{} listening on {} ({}, {})", config.name(), serverChannel.localAddress(),
                NativeTransport.serverChannelType(ioGroup).getSimpleName(), config.tls() == null ? "plain text" : config.tls());
    }

    /** Releases the executors and threads of a server that never served. */
    private void shutdownEndpointNow() {
        try {
            endpoint.shutdown(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes {@link #start()} listen without serving: every request is answered SYSTEM_BUSY ("starting")
     * until {@link #ready()}. For a server that must know its bound port before it can finish starting;
     * call before {@link #start()}.
     */
    public void holdRequestsUntilReady() {
        endpoint.dispatcher().holdUntilReady();
    }

    /** Serves requests from now on, after {@link #holdRequestsUntilReady()}. */
    public synchronized void ready() {
        if (!stopped) {
            endpoint.dispatcher().startAccepting();
        }
    }

    /** The bound address; valid after {@link #start()}. */
    public InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("server not started");
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /** The bound port, the one chosen by the system when configured as 0; valid after {@link #start()}. */
    public int port() {
        return localAddress().getPort();
    }

    /** The connections open now, a live unmodifiable view. */
    public Collection<Connection> connections() {
        return endpoint.connections();
    }

    /** Tells {@code served} of every request this server answers, with its time from arrival; any thread. */
    public void timeRequests(ServedRequests served) {
        endpoint.dispatcher().timeRequests(served);
    }

    /** The TLS of this server's port, with its counters; null when it serves plain text only. */
    public ChannelTls tls() {
        return config.tls();
    }

    /** Request body bytes waiting for a processor thread, all connections together. */
    public long queuedRequestBytes() {
        return endpoint.dispatcher().queuedBytes();
    }

    /** Requests handed to processors and not answered yet. */
    public int requestsInProgress() {
        return endpoint.dispatcher().inProgress();
    }

    /**
     * Stops accepting connections, answers new requests SYSTEM_BUSY, waits up to the configured grace
     * time for the requests in progress to be answered, then closes every connection and stops all
     * threads. Idempotent.
     */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        if (!started) {
            stopped = true;
            shutdownEndpointNow();
            return;
        }
        stopped = true;
        try {
            // Refuse new requests before new connections, so once the port is closed both are refused.
            endpoint.dispatcher().stopAccepting();
            serverChannel.close().awaitUninterruptibly();
            endpoint.shutdown(config.shutdownGraceMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acceptorGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        LOG.info("{} stopped", config.name());
    }
}
