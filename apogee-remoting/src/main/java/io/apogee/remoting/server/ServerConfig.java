package io.apogee.remoting.server;

import io.apogee.remoting.ConnectionSettings;
import io.apogee.remoting.tls.ChannelTls;

import java.util.List;

/**
 * Settings of a {@link RemotingServer}, each with a named default: the {@linkplain ConnectionSettings
 * shared ones} plus where and how to listen. Set what differs, then hand the
 * object to the server, which {@linkplain #validate() validates} it as a whole and copies it before
 * anything starts; later changes to this object do not affect a server.
 *
 * <p>Thread safety: not thread-safe; configure on one thread.
 */
public final class ServerConfig extends ConnectionSettings<ServerConfig> {

    /** Address to listen on: every interface. */
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    /** Port to listen on: 0 picks a free port, readable with {@link RemotingServer#port()}. */
    public static final int DEFAULT_PORT = 0;
    /** Threads accepting connections; one is plenty. */
    public static final int DEFAULT_ACCEPTOR_THREADS = 1;
    /** I/O threads reading and writing connections; small, for a laptop-sized process. */
    public static final int DEFAULT_IO_THREADS = 2;
    /** How long shutdown waits for requests in progress to be answered. */
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 5_000;
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
    /**
     * Bytes of request bodies that may wait in processor queues, all connections together; past it a
     * request is answered SYSTEM_BUSY. Room for 32 4 MiB batches.
     */
    public static final long DEFAULT_SERVER_QUEUED_REQUEST_BYTES_MAX = 128L * 1024 * 1024;
    /**
     * The same bound for one connection, so one pipelining client cannot take the whole budget: past it the
     * connection's reads pause until half of it is done, so a client with more asynchronous sends in flight
     * (the official client allows 100 MiB) waits instead of being refused.
     */
    public static final long DEFAULT_SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX = 32L * 1024 * 1024;
    /**
     * Connections open at once, all peers together; one more is closed as soon as it is accepted. Far above
     * what a broker's clients open (one per client process), far below the file descriptors a host gives.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /**
     * Connections open at once from one source address. Generous, because many client processes may share
     * an address (a host, a NAT, every test of a suite on 127.0.0.1), yet a tenth of the total, so one
     * misbehaving host cannot take every connection.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_000;
    /**
     * A connection must deliver its first complete frame this long after opening, or it is closed; 0 never.
     * The official client writes its first request as soon as it connects, so only a silent or dripping
     * peer meets it.
     */
    public static final long DEFAULT_FIRST_FRAME_TIMEOUT_MILLIS = 30_000;
    /**
     * Requests of one connection handed to processors and not answered yet, held long polls included; past
     * it SYSTEM_BUSY. Above a consumer's pulls (one per queue) plus a producer's asynchronous window, below
     * an executor queue (10,000), so one connection cannot fill a queue that every connection shares.
     */
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT_PER_CONNECTION = 4_096;
    /** Prefix of the server's thread names. */
    public static final String DEFAULT_NAME = "apogee-server";

    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private int acceptorThreads = DEFAULT_ACCEPTOR_THREADS;
    private int backlog = DEFAULT_BACKLOG;
    private int writeBufferLowWaterMark = DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
    private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
    private long serverQueuedRequestBytesMax = DEFAULT_SERVER_QUEUED_REQUEST_BYTES_MAX;
    private long serverQueuedRequestBytesPerConnectionMax = DEFAULT_SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX;
    /** TLS on the port (permissive or enforcing), built by {@code TlsContexts.server}; null for plain text only. */
    private ChannelTls tls;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private long firstFrameTimeoutMillis = DEFAULT_FIRST_FRAME_TIMEOUT_MILLIS;
    private int maxRequestsInFlightPerConnection = DEFAULT_MAX_REQUESTS_IN_FLIGHT_PER_CONNECTION;

    public ServerConfig() {
        super("server", DEFAULT_IO_THREADS, DEFAULT_SHUTDOWN_GRACE_MILLIS, DEFAULT_NAME);
    }

    @Override
    protected void addOwnProblems(List<String> problems) {
        if (bindAddress == null || bindAddress.isBlank()) {
            problems.add("bindAddress must not be empty");
        }
        if (port < 0 || port > 65_535) {
            problems.add("port must be 0..65535, was " + port);
        }
        if (acceptorThreads < 1) {
            problems.add("acceptorThreads must be at least 1, was " + acceptorThreads);
        }
        if (backlog < 1) {
            problems.add("backlog must be at least 1, was " + backlog);
        }
        if (serverQueuedRequestBytesPerConnectionMax < 1 || serverQueuedRequestBytesMax < serverQueuedRequestBytesPerConnectionMax) {
            problems.add("serverQueuedRequestBytesPerConnectionMax must be positive and at most serverQueuedRequestBytesMax, were "
                    + serverQueuedRequestBytesPerConnectionMax + " and " + serverQueuedRequestBytesMax);
        }
        if (tls != null && tls.isClient()) {
            problems.add("tls must be a server's, was a client's");
        }
        if (maxConnectionsPerAddress < 1 || maxConnections < maxConnectionsPerAddress) {
            problems.add("maxConnectionsPerAddress must be positive and at most maxConnections, were "
                    + maxConnectionsPerAddress + " and " + maxConnections);
        }
        if (firstFrameTimeoutMillis < 0) {
            problems.add("firstFrameTimeoutMillis must be 0 (never) or positive, was " + firstFrameTimeoutMillis);
        }
        if (maxRequestsInFlightPerConnection < 1) {
            problems.add("maxRequestsInFlightPerConnection must be at least 1, was " + maxRequestsInFlightPerConnection);
        }
        if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            problems.add("writeBufferLowWaterMark must be positive and at most writeBufferHighWaterMark, were "
                    + writeBufferLowWaterMark + " and " + writeBufferHighWaterMark);
        }
    }

    ServerConfig copy() {
        ServerConfig c = copySharedTo(new ServerConfig());
        c.bindAddress = bindAddress;
        c.port = port;
        c.acceptorThreads = acceptorThreads;
        c.backlog = backlog;
        c.writeBufferLowWaterMark = writeBufferLowWaterMark;
        c.writeBufferHighWaterMark = writeBufferHighWaterMark;
        c.serverQueuedRequestBytesMax = serverQueuedRequestBytesMax;
        c.serverQueuedRequestBytesPerConnectionMax = serverQueuedRequestBytesPerConnectionMax;
        c.tls = tls;
        c.maxConnections = maxConnections;
        c.maxConnectionsPerAddress = maxConnectionsPerAddress;
        c.firstFrameTimeoutMillis = firstFrameTimeoutMillis;
        c.maxRequestsInFlightPerConnection = maxRequestsInFlightPerConnection;
        return c;
    }

    public String bindAddress() { return bindAddress; }
    public ServerConfig bindAddress(String value) { bindAddress = value; return this; }
    public int port() { return port; }
    public ServerConfig port(int value) { port = value; return this; }
    public int acceptorThreads() { return acceptorThreads; }
    public ServerConfig acceptorThreads(int value) { acceptorThreads = value; return this; }
    public int backlog() { return backlog; }
    public ServerConfig backlog(int value) { backlog = value; return this; }
    public int writeBufferLowWaterMark() { return writeBufferLowWaterMark; }
    public ServerConfig writeBufferLowWaterMark(int value) { writeBufferLowWaterMark = value; return this; }
    public int writeBufferHighWaterMark() { return writeBufferHighWaterMark; }
    public ServerConfig writeBufferHighWaterMark(int value) { writeBufferHighWaterMark = value; return this; }
    public long serverQueuedRequestBytesMax() { return serverQueuedRequestBytesMax; }
    public ServerConfig serverQueuedRequestBytesMax(long value) { serverQueuedRequestBytesMax = value; return this; }
    public long serverQueuedRequestBytesPerConnectionMax() { return serverQueuedRequestBytesPerConnectionMax; }
    public ServerConfig serverQueuedRequestBytesPerConnectionMax(long value) {
        serverQueuedRequestBytesPerConnectionMax = value;
        return this;
    }
    public ChannelTls tls() { return tls; }
    public ServerConfig tls(ChannelTls value) { tls = value; return this; }
    public int maxConnections() { return maxConnections; }
    public ServerConfig maxConnections(int value) { maxConnections = value; return this; }
    public int maxConnectionsPerAddress() { return maxConnectionsPerAddress; }
    public ServerConfig maxConnectionsPerAddress(int value) { maxConnectionsPerAddress = value; return this; }
    public long firstFrameTimeoutMillis() { return firstFrameTimeoutMillis; }
    public ServerConfig firstFrameTimeoutMillis(long value) { firstFrameTimeoutMillis = value; return this; }
    public int maxRequestsInFlightPerConnection() { return maxRequestsInFlightPerConnection; }
    public ServerConfig maxRequestsInFlightPerConnection(int value) { maxRequestsInFlightPerConnection = value; return this; }
}
