package io.apogee.remoting.connection;

import io.apogee.common.log.OffenderLog;
import io.apogee.remoting.codec.FrameDecoder;
import io.apogee.remoting.codec.FrameEncoder;
import io.apogee.remoting.codec.PartialFrameBudget;
import io.apogee.remoting.processor.ProcessorRegistry;
import io.apogee.remoting.processor.RequestDispatcher;
import io.apogee.remoting.tls.ChannelTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What a server and a client have in common: the pipeline every connection gets, the processors
 * and hooks that serve requests arriving on them, the listeners of their events, the permits that
 * bound requests in flight, and the timer that fails requests at their timeout.
 *
 * <pre>
 *  socket ─► FlushConsolidation ─► IdleState ─► FrameDecoder ─► [FirstFrameDeadline] ─► ConnectionHandler ─┬─► InFlightRequests (responses)
 *                                                                                                        └─► RequestDispatcher (requests)
 *  socket ◄─ FlushConsolidation ◄─ IdleState ◄─ FrameEncoder ◄── Connection.send / invoke*
 * </pre>
 *
 * <p>With TLS configured, {@link ChannelTls} puts its handlers between the socket and FlushConsolidation.
 *
 * <p>Thread safety: all methods may be called from any thread; the owning server or client calls
 * {@link #shutdown} once.
 */
public final class Endpoint {

    private static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("apogee.connection");
    /** Writes flushed at most once per this many while a read burst is in progress. */
    private static final int FLUSHES_PER_BURST = 64;

    private final int maxFrameLength;
    private final long idleTimeMillis;
    private final long frameCompleteTimeoutMillis;
    private final PartialFrameBudget partialFrames;
    private final HookChain hooks = new HookChain();
    private final EndpointCounters counters = new EndpointCounters();
    private final ConnectionEvents events;
    private final ProcessorRegistry processors = new ProcessorRegistry();
    private final RequestDispatcher dispatcher;
    private final String name;
    private final boolean pauseReadingWhenUnwritable;
    private volatile Timer timer;
    private final Semaphore onewayPermits;
    private final Semaphore asyncPermits;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** TLS for every new channel, or null for none; set by the owner before it starts. */
    private volatile ChannelTls tls;
    /** Connections closed for what they sent (or did not send), one line per peer address per interval. */
    private final OffenderLog frameOffenders = new OffenderLog(LoggerFactory.getLogger(ConnectionHandler.class));
    /** 0: no first-frame deadline (clients, and servers until told otherwise). */
    private volatile long firstFrameTimeoutMillis;

    public Endpoint(String name, int maxFrameLength, long idleTimeMillis, long frameCompleteTimeoutMillis,
                    long partialFrameBytesMax, int onewayPermits, int asyncPermits, boolean pauseReadingWhenUnwritable) {
        this.name = name;
        this.pauseReadingWhenUnwritable = pauseReadingWhenUnwritable;
        this.maxFrameLength = maxFrameLength;
        this.idleTimeMillis = idleTimeMillis;
        this.frameCompleteTimeoutMillis = frameCompleteTimeoutMillis;
        this.partialFrames = new PartialFrameBudget(partialFrameBytesMax);
        this.events = new ConnectionEvents(name);
        this.dispatcher = new RequestDispatcher(processors, hooks, counters);
        this.onewayPermits = new Semaphore(onewayPermits);
        this.asyncPermits = new Semaphore(asyncPermits);
    }

    /** Creates the timeout timer; called by the owner when it starts, before any connection exists. */
    public synchronized void start() {
        if (timer == null) {
            // 10 ms ticks: timeouts are coarse by nature, and a wheel costs O(1) per request.
            timer = new HashedWheelTimer(new DefaultThreadFactory(name + "-timeout", true), 10, TimeUnit.MILLISECONDS, 512);
        }
    }

    /** Builds the pipeline of a new channel and attaches its {@link Connection}. */
    public void initChannel(Channel channel) {
        Connection connection = new Connection(channel, this);
        channel.attr(CONNECTION).set(connection);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("flush", new FlushConsolidationHandler(FLUSHES_PER_BURST, true));
        pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeMillis, TimeUnit.MILLISECONDS));
        pipeline.addLast("decoder", new FrameDecoder(maxFrameLength, frameCompleteTimeoutMillis, partialFrames));
        long firstFrameTimeout = firstFrameTimeoutMillis;
        if (firstFrameTimeout > 0) {
            pipeline.addLast("firstFrame", new FirstFrameDeadline(connection, this, firstFrameTimeout));
        }
        pipeline.addLast("encoder", FrameEncoder.INSTANCE);
        pipeline.addLast("handler", new ConnectionHandler(connection, this));
        ChannelTls t = tls;
        if (t != null) {
            t.install(channel);
        }
    }

    /** Secures every channel built from now on with {@code channelTls}; null for plain text. */
    public void tls(ChannelTls channelTls) {
        this.tls = channelTls;
    }

    /**
     * Closes every connection opened from now on that has not delivered a complete frame {@code millis}
     * after opening; 0 never. A server sets it before it starts.
     */
    public void closeSilentConnectionsAfter(long millis) {
        firstFrameTimeoutMillis = millis;
    }

    /** The connection of a channel built by {@link #initChannel}, or {@code null}. */
    public static Connection connectionOf(Channel channel) {
        return channel.attr(CONNECTION).get();
    }

    public HookChain hooks() {
        return hooks;
    }

    /** Bytes reserved by frames being received on all connections. */
    public PartialFrameBudget partialFrames() {
        return partialFrames;
    }

    public EndpointCounters counters() {
        return counters;
    }

    public ConnectionEvents events() {
        return events;
    }

    public ProcessorRegistry processors() {
        return processors;
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }

    /** The open connections, a live unmodifiable view. */
    public Collection<Connection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    boolean pausesReadingWhenUnwritable() {
        return pauseReadingWhenUnwritable;
    }

    OffenderLog frameOffenders() {
        return frameOffenders;
    }

    long idleTimeMillis() {
        return idleTimeMillis;
    }

    Timer timer() {
        return timer;
    }

    Semaphore onewayPermits() {
        return onewayPermits;
    }

    Semaphore asyncPermits() {
        return asyncPermits;
    }

    void opened(Connection connection) {
        connections.add(connection);
        events.fire("connect", connection, l -> l.onConnect(connection));
    }

    void closed(Connection connection) {
        connections.remove(connection);
        events.fireClose(connection);
    }

    /**
     * Stops serving new requests, waits up to {@code graceMillis} for those in progress to answer,
     * then closes every connection (failing requests still pending on them) and stops the timer,
     * the processor executors and the event thread.
     */
    public void shutdown(long graceMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        dispatcher.stopAccepting();
        dispatcher.awaitIdle(deadline);
        for (Connection connection : connections) {
            connection.close().awaitUninterruptibly(Math.max(1, remainingMillis(deadline)));
        }
        Timer t = timer;
        if (t != null) {
            t.stop();
        }
        processors.shutdownExecutors(remainingMillis(deadline));
        events.shutdown(Math.max(1, remainingMillis(deadline)));
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
