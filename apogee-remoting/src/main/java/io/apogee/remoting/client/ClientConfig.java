package io.apogee.remoting.client;

import io.apogee.protocol.codec.FrameCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link RemotingClient}, each with a named default. The client
 * {@linkplain #validate() validates} the object as a whole and copies it before anything starts.
 *
 * <p>Thread safety: not thread-safe; configure on one thread.
 */
public final class ClientConfig {

    /** How long a connection attempt may take. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 3_000;
    /** I/O threads shared by all of the client's connections. */
    public static final int DEFAULT_IO_THREADS = 1;
    /** Largest frame accepted, as the official decoder's default. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = FrameCodec.DEFAULT_MAX_FRAME_LENGTH;
    /** A connection with no traffic in either direction for this long is closed; 0 never. */
    public static final long DEFAULT_IDLE_TIME_MILLIS = 120_000;
    /** Oneway requests written but not yet flushed to the socket. */
    public static final int DEFAULT_ONEWAY_PERMITS = 1024;
    /** Asynchronous requests waiting for their responses. */
    public static final int DEFAULT_ASYNC_PERMITS = 65_536;
    /** How long shutdown waits for requests the client serves (server-initiated) to be answered. */
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 2_000;
    /** Use epoll when the native library is available. */
    public static final boolean DEFAULT_PREFER_EPOLL = true;
    /** Prefix of the client's thread names. */
    public static final String DEFAULT_NAME = "apogee-client";

    private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private int ioThreads = DEFAULT_IO_THREADS;
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private long idleTimeMillis = DEFAULT_IDLE_TIME_MILLIS;
    private int onewayPermits = DEFAULT_ONEWAY_PERMITS;
    private int asyncPermits = DEFAULT_ASYNC_PERMITS;
    private long shutdownGraceMillis = DEFAULT_SHUTDOWN_GRACE_MILLIS;
    private boolean preferEpoll = DEFAULT_PREFER_EPOLL;
    private String name = DEFAULT_NAME;

    /** Checks every setting and throws one exception that names each bad key and value. */
    public ClientConfig validate() {
        List<String> problems = new ArrayList<>();
        if (connectTimeoutMillis < 1 || connectTimeoutMillis > Integer.MAX_VALUE) {
            problems.add("connectTimeoutMillis must be 1.." + Integer.MAX_VALUE + ", was " + connectTimeoutMillis);
        }
        if (ioThreads < 1) {
            problems.add("ioThreads must be at least 1, was " + ioThreads);
        }
        if (maxFrameLength < 8) {
            problems.add("maxFrameLength must be at least 8, was " + maxFrameLength);
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
            throw new IllegalArgumentException("invalid client configuration: " + String.join("; ", problems));
        }
        return this;
    }

    ClientConfig copy() {
        ClientConfig c = new ClientConfig();
        c.connectTimeoutMillis = connectTimeoutMillis;
        c.ioThreads = ioThreads;
        c.maxFrameLength = maxFrameLength;
        c.idleTimeMillis = idleTimeMillis;
        c.onewayPermits = onewayPermits;
        c.asyncPermits = asyncPermits;
        c.shutdownGraceMillis = shutdownGraceMillis;
        c.preferEpoll = preferEpoll;
        c.name = name;
        return c;
    }

    public long connectTimeoutMillis() { return connectTimeoutMillis; }
    public ClientConfig connectTimeoutMillis(long value) { connectTimeoutMillis = value; return this; }
    public int ioThreads() { return ioThreads; }
    public ClientConfig ioThreads(int value) { ioThreads = value; return this; }
    public int maxFrameLength() { return maxFrameLength; }
    public ClientConfig maxFrameLength(int value) { maxFrameLength = value; return this; }
    public long idleTimeMillis() { return idleTimeMillis; }
    public ClientConfig idleTimeMillis(long value) { idleTimeMillis = value; return this; }
    public int onewayPermits() { return onewayPermits; }
    public ClientConfig onewayPermits(int value) { onewayPermits = value; return this; }
    public int asyncPermits() { return asyncPermits; }
    public ClientConfig asyncPermits(int value) { asyncPermits = value; return this; }
    public long shutdownGraceMillis() { return shutdownGraceMillis; }
    public ClientConfig shutdownGraceMillis(long value) { shutdownGraceMillis = value; return this; }
    public boolean preferEpoll() { return preferEpoll; }
    public ClientConfig preferEpoll(boolean value) { preferEpoll = value; return this; }
    public String name() { return name; }
    public ClientConfig name(String value) { name = value; return this; }
}
