package io.apogee.remoting.client;

import io.apogee.remoting.ConnectionSettings;
import io.apogee.remoting.tls.ChannelTls;

import java.util.List;

/**
 * Settings of a {@link RemotingClient}, each with a named default: the {@linkplain ConnectionSettings
 * shared ones} plus the connect timeout. The client {@linkplain #validate() validates} the object as a
 * whole and copies it before anything starts.
 *
 * <p>Thread safety: not thread-safe; configure on one thread.
 */
public final class ClientConfig extends ConnectionSettings<ClientConfig> {

    /** How long a connection attempt may take. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 3_000;
    /** I/O threads shared by all of the client's connections. */
    public static final int DEFAULT_IO_THREADS = 1;
    /** How long shutdown waits for requests the client serves (server-initiated) to be answered. */
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 2_000;
    /** Prefix of the client's thread names. */
    public static final String DEFAULT_NAME = "apogee-client";

    private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    /** TLS on every connection, built by {@code TlsContexts.client}; null for plain text. */
    private ChannelTls tls;

    public ClientConfig() {
        super("client", DEFAULT_IO_THREADS, DEFAULT_SHUTDOWN_GRACE_MILLIS, DEFAULT_NAME);
    }

    @Override
    protected void addOwnProblems(List<String> problems) {
        if (connectTimeoutMillis < 1 || connectTimeoutMillis > Integer.MAX_VALUE) {
            problems.add("connectTimeoutMillis must be 1.." + Integer.MAX_VALUE + ", was " + connectTimeoutMillis);
        }
        if (tls != null && !tls.isClient()) {
            problems.add("tls must be a client's, was a server's");
        }
    }

    ClientConfig copy() {
        ClientConfig c = copySharedTo(new ClientConfig());
        c.connectTimeoutMillis = connectTimeoutMillis;
        c.tls = tls;
        return c;
    }

    public long connectTimeoutMillis() { return connectTimeoutMillis; }
    public ClientConfig connectTimeoutMillis(long value) { connectTimeoutMillis = value; return this; }
    public ChannelTls tls() { return tls; }
    public ClientConfig tls(ChannelTls value) { tls = value; return this; }
}
