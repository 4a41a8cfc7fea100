package io.apogee.remoting;

import io.apogee.protocol.codec.FrameCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a remoting server and a remoting client share, as they mean the same on both sides:
 * I/O threads, frame limit, idle time, request permits, shutdown grace, epoll and the thread-name
 * prefix. The side's own configuration ({@code ServerConfig}, {@code ClientConfig}) adds its settings
 * and defaults; setters return that type, so settings of both kinds chain.
 *
 * <p>Thread safety: not thread-safe; configure on one thread.
 *
 * @param <C> the side's configuration type
 */
public abstract class ConnectionSettings<C extends ConnectionSettings<C>> {

    /** Largest frame accepted, as the official decoder's default. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = FrameCodec.DEFAULT_MAX_FRAME_LENGTH;
    /** A connection with no traffic in either direction for this long is closed; 0 never. */
    public static final long DEFAULT_IDLE_TIME_MILLIS = 120_000;
    /**
     * A frame must be fully received this long after its first bytes, or its connection is closed:
     * the idle time alone would let a peer that drips a byte now and then hold a half frame for ever.
     */
    public static final long DEFAULT_FRAME_COMPLETE_TIMEOUT_MILLIS = 30_000;
    /**
     * Bytes all connections together may hold in frames not yet fully received (each is at most
     * {@link #DEFAULT_MAX_FRAME_LENGTH}); a frame that does not fit closes its connection. 32 peers
     * can each be sending a 4 MiB batch at once.
     */
    public static final long DEFAULT_PARTIAL_FRAME_BYTES_MAX = 128L * 1024 * 1024;
    /** Oneway requests written but not yet flushed to the socket. */
    public static final int DEFAULT_ONEWAY_PERMITS = 1024;
    /** Asynchronous requests waiting for their responses. */
    public static final int DEFAULT_ASYNC_PERMITS = 65_536;
    /** Use epoll when the native library is available. */
    public static final boolean DEFAULT_PREFER_EPOLL = true;

    private final String side;
    private int ioThreads;
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private long idleTimeMillis = DEFAULT_IDLE_TIME_MILLIS;
    private long frameCompleteTimeoutMillis = DEFAULT_FRAME_COMPLETE_TIMEOUT_MILLIS;
    private long partialFrameBytesMax = DEFAULT_PARTIAL_FRAME_BYTES_MAX;
    private int onewayPermits = DEFAULT_ONEWAY_PERMITS;
    private int asyncPermits = DEFAULT_ASYNC_PERMITS;
    private long shutdownGraceMillis;
    private boolean preferEpoll = DEFAULT_PREFER_EPOLL;
    private String name;

    /** @param side what the settings configure ("server", "client"), named in validation errors */
    protected ConnectionSettings(String side, int defaultIoThreads, long defaultShutdownGraceMillis,
                                 String defaultName) {
        this.side = side;
        this.ioThreads = defaultIoThreads;
        this.shutdownGraceMillis = defaultShutdownGraceMillis;
        this.name = defaultName;
    }

    /** Checks every setting and throws one exception that names each bad key and value. */
    public final C validate() {
        List<String> problems = new ArrayList<>();
        addOwnProblems(problems);
        if (ioThreads < 1) {
            problems.add("ioThreads must be at least 1, was " + ioThreads);
        }
        if (maxFrameLength < 8) {
            problems.add("maxFrameLength must be at least 8, was " + maxFrameLength);
        }
        if (frameCompleteTimeoutMillis < 0) {
            problems.add("frameCompleteTimeoutMillis must be 0 (never) or positive, was " + frameCompleteTimeoutMillis);
        }
        if (partialFrameBytesMax < maxFrameLength) {
            problems.add("partialFrameBytesMax must be at least maxFrameLength (" + maxFrameLength + "), was "
                    + partialFrameBytesMax);
        }
        if (idleTimeMillis < 0) {
            problems.add("idleTimeMillis must be 0 (never) or positive, was " + idleTimeMillis);
        }
        if (onewayPermits < 1) {
            problems.add("onewayPermits must be at least 1, was " + onewayPermits);
        }
        if (asyncPermits < 1) {
            problems.add("asyncPermits must be at least 1, was " + asyncPermits);
        }
        if (shutdownGraceMillis < 0) {
            problems.add("shutdownGraceMillis must not be negative, was " + shutdownGraceMillis);
        }
        if (name == null || name.isBlank()) {
            problems.add("name must not be empty");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + side + " configuration: " + String.join("; ", problems));
        }
        return self();
    }

    /** Adds a description of each bad setting of the side's own to {@code problems}. */
    protected abstract void addOwnProblems(List<String> problems);

    /** Copies the shared settings into {@code target}; returns it. */
    protected final C copySharedTo(C target) {
        ConnectionSettings<C> t = target;
        t.ioThreads = ioThreads;
        t.maxFrameLength = maxFrameLength;
        t.idleTimeMillis = idleTimeMillis;
        t.frameCompleteTimeoutMillis = frameCompleteTimeoutMillis;
        t.partialFrameBytesMax = partialFrameBytesMax;
        t.onewayPermits = onewayPermits;
        t.asyncPermits = asyncPermits;
        t.shutdownGraceMillis = shutdownGraceMillis;
        t.preferEpoll = preferEpoll;
        t.name = name;
        return target;
    }

    @SuppressWarnings("unchecked")
    private C self() {
        return (C) this;
    }

    public int ioThreads() { return ioThreads; }
    public C ioThreads(int value) { ioThreads = value; return self(); }
    public int maxFrameLength() { return maxFrameLength; }
    public C maxFrameLength(int value) { maxFrameLength = value; return self(); }
    public long idleTimeMillis() { return idleTimeMillis; }
    public C idleTimeMillis(long value) { idleTimeMillis = value; return self(); }
    public long frameCompleteTimeoutMillis() { return frameCompleteTimeoutMillis; }
    public C frameCompleteTimeoutMillis(long value) { frameCompleteTimeoutMillis = value; return self(); }
    public long partialFrameBytesMax() { return partialFrameBytesMax; }
    public C partialFrameBytesMax(long value) { partialFrameBytesMax = value; return self(); }
    public int onewayPermits() { return onewayPermits; }
    public C onewayPermits(int value) { onewayPermits = value; return self(); }
    public int asyncPermits() { return asyncPermits; }
    public C asyncPermits(int value) { asyncPermits = value; return self(); }
    public long shutdownGraceMillis() { return shutdownGraceMillis; }
    public C shutdownGraceMillis(long value) { shutdownGraceMillis = value; return self(); }
    public boolean preferEpoll() { return preferEpoll; }
    public C preferEpoll(boolean value) { preferEpoll = value; return self(); }
    public String name() { return name; }
    public C name(String value) { name = value; return self(); }
}
