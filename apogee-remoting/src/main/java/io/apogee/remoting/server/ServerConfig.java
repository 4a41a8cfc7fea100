package io.apogee.remoting.server;

import io.apogee.protocol.codec.FrameCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link RemotingServer}, each with a named default. Set what differs, then hand the
 * object to the server, which {@linkplain #validate() validates} it as a whole and copies it before
 * anything starts; later changes to this object do not affect a server.
 *
 * <p>Thread safety: not thread-safe; configure on one thread.
 */
public final class ServerConfig {

    /** Address to listen on: every interface. */
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    /** Port to listen on: 0 picks a free port, readable with {@link RemotingServer#port()}. */
    public static final int DEFAULT_PORT = 0;
    /** Threads accepting connections; one is plenty. */
    public static final int DEFAULT_ACCEPTOR_THREADS = 1;
    /** I/O threads reading and writing connections; small, for a laptop-sized process. */
    public static final int DEFAULT_IO_THREADS = 2;
    /** Largest frame accepted, as the official decoder's default. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = FrameCodec.DEFAULT_MAX_FRAME_LENGTH;
    /** A connection with no traffic in either direction for this long is closed; 0 never. */
    public static final long DEFAULT_IDLE_TIME_MILLIS = 120_000;
    /** Oneway requests the server may have written but not yet flushed to the socket. */
    public static final int DEFAULT_ONEWAY_PERMITS = 1024;
    /** Asynchronous requests the server may have waiting for their responses. */
    public static final int DEFAULT_ASYNC_PERMITS = 65_536;
    /** How long shutdown waits for requests in progress to be answered. */
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 5_000;
    /** Use epoll when the native library is available. */
    public static final boolean DEFAULT_PREFER_EPOLL = true;
    /** Pending connections the kernel queues before accepting. */
    public static final int DEFAULT_BACKLOG = 1024;
    /**
     * Bytes of responses queued for one connection above which the server stops reading that
     * connection's requests, until they drain below the low mark: memory stays bounded when a peer
     * does not read what it asked for.
     */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 4 * 1024 * 1024;
    /** See {@link #DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK}. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 1024 * 1024;
    /** Prefix of the server's thread names. */
    public static final String DEFAULT_NAME = "apogee-server";

    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private int acceptorThreads = DEFAULT_ACCEPTOR_THREADS;
    private int ioThreads = DEFAULT_IO_THREADS;
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private long idleTimeMillis = DEFAULT_IDLE_TIME_MILLIS;
    private int onewayPermits = DEFAULT_ONEWAY_PERMITS;
    private int asyncPermits = DEFAULT_ASYNC_PERMITS;
    private long shutdownGraceMillis = DEFAULT_SHUTDOWN_GRACE_MILLIS;
    private boolean preferEpoll = DEFAULT_PREFER_EPOLL;
    private int backlog = DEFAULT_BACKLOG;
    private String name = DEFAULT_NAME;
    private int writeBufferLowWaterMark = DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
    private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;

    /** Checks every setting and throws one exception that names each bad key and value. */
    public ServerConfig validate() {
        List<String> problems = new ArrayList<>();
        if (bindAddress == null || bindAddress.isBlank()) {
            problems.add("bindAddress must not be empty");
        }
        if (port < 0 || port > 65_535) {
            problems.add("port must be 0..65535, was " + port);
        }
        if (acceptorThreads < 1) {
            problems.add("acceptorThreads must be at least 1, was " + acceptorThreads);
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
        if (backlog < 1) {
            problems.add("backlog must be at least 1, was " + backlog);
        }
        if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            problems.add("writeBufferLowWaterMark must be positive and at most writeBufferHighWaterMark, were "
                    + writeBufferLowWaterMark + " and " + writeBufferHighWaterMark);
        }
        if (name == null || name.isBlank()) {
            problems.add("name must not be empty");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid server configuration: " + String.join("; ", problems));
        }
        return this;
    }

    ServerConfig copy() {
        ServerConfig c = new ServerConfig();
        c.bindAddress = bindAddress;
        c.port = port;
        c.acceptorThreads = acceptorThreads;
        c.ioThreads = ioThreads;
        c.maxFrameLength = maxFrameLength;
        c.idleTimeMillis = idleTimeMillis;
        c.onewayPermits = onewayPermits;
        c.asyncPermits = asyncPermits;
        c.shutdownGraceMillis = shutdownGraceMillis;
        c.preferEpoll = preferEpoll;
        c.backlog = backlog;
        c.name = name;
        c.writeBufferLowWaterMark = writeBufferLowWaterMark;
        c.writeBufferHighWaterMark = writeBufferHighWaterMark;
        return c;
    }

    public String bindAddress() { return bindAddress; }
    public ServerConfig bindAddress(String value) { bindAddress = value; return this; }
    public int port() { return port; }
    public ServerConfig port(int value) { port = value; return this; }
    public int acceptorThreads() { return acceptorThreads; }
    public ServerConfig acceptorThreads(int value) { acceptorThreads = value; return this; }
    public int ioThreads() { return ioThreads; }
    public ServerConfig ioThreads(int value) { ioThreads = value; return this; }
    public int maxFrameLength() { return maxFrameLength; }
    public ServerConfig maxFrameLength(int value) { maxFrameLength = value; return this; }
    public long idleTimeMillis() { return idleTimeMillis; }
    public ServerConfig idleTimeMillis(long value) { idleTimeMillis = value; return this; }
    public int onewayPermits() { return onewayPermits; }
    public ServerConfig onewayPermits(int value) { onewayPermits = value; return this; }
    public int asyncPermits() { return asyncPermits; }
    public ServerConfig asyncPermits(int value) { asyncPermits = value; return this; }
    public long shutdownGraceMillis() { return shutdownGraceMillis; }
    public ServerConfig shutdownGraceMillis(long value) { shutdownGraceMillis = value; return this; }
    public boolean preferEpoll() { return preferEpoll; }
    public ServerConfig preferEpoll(boolean value) { preferEpoll = value; return this; }
    public int backlog() { return backlog; }
    public ServerConfig backlog(int value) { backlog = value; return this; }
    public int writeBufferLowWaterMark() { return writeBufferLowWaterMark; }
    public ServerConfig writeBufferLowWaterMark(int value) { writeBufferLowWaterMark = value; return this; }
    public int writeBufferHighWaterMark() { return writeBufferHighWaterMark; }
    public ServerConfig writeBufferHighWaterMark(int value) { writeBufferHighWaterMark = value; return this; }
    public String name() { return name; }
    public ServerConfig name(String value) { name = value; return this; }
}
