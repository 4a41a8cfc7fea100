package io.apogee.cli;

import io.apogee.remoting.tls.ChannelTls;
import io.apogee.remoting.tls.TlsMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Who can reach a server started from the command line, as its operator must know it: the address it
 * listens on and whether authentication and TLS are on, for the start line; and one warning when it listens
 * beyond loopback with authentication off, since then anyone who reaches the port may send, consume and
 * administer.
 *
 * <p>This is the one place that reads {@code authenticationEnabled} for the start line, from the server's
 * configuration values (its key table, see {@code BrokerConfig#values()}); TLS is what the server's port actually
 * serves, after the {@code tls.*} keys, the system properties and the certificate paths were resolved.
 *
 * <p>Thread safety: immutable; called by the starting thread.
 */
final class Exposure {

    /** RocketMQ's key: every request must be signed by a known user. */
    static final String AUTHENTICATION_ENABLED = "authenticationEnabled";

    private static final Logger LOG = LoggerFactory.getLogger(Exposure.class);

    private final String server;
    private final InetSocketAddress listening;
    private final boolean authentication;
    private final String tlsMode;

    private Exposure(String server, InetSocketAddress listening, boolean authentication, String tlsMode) {
        this.server = server;
        this.listening = listening;
        this.authentication = authentication;
        this.tlsMode = tlsMode;
    }

    /**
     * The exposure of {@code server} listening at {@code listening}, configured with {@code values}, whose port
     * serves {@code tls} (null: plain text only).
     */
    static Exposure of(String server, InetSocketAddress listening, Map<String, String> values, ChannelTls tls) {
        return of(server, listening, values, tls == null ? TlsMode.DISABLED : tls.mode());
    }

    /** As {@link #of(String, InetSocketAddress, Map, ChannelTls)}, for a port serving TLS in {@code mode}. */
    static Exposure of(String server, InetSocketAddress listening, Map<String, String> values, TlsMode mode) {
        boolean authentication = Boolean.parseBoolean(values.getOrDefault(AUTHENTICATION_ENABLED, "false").trim());
        return new Exposure(server, listening, authentication, mode.text());
    }

    /** For the start line, e.g. "listening on 0.0.0.0:10911 (every interface), authentication off, TLS off". */
    String describe() {
        String where = listening.getAddress().isAnyLocalAddress() ? " (every interface)"
                : listening.getAddress().isLoopbackAddress() ? " (this host only)" : "";
        return "listening on " + address() + where
                + ", authentication " + (authentication ? "on" : "off")
                + ", TLS " + (tlsMode.equals("disabled") ? "off" : tlsMode);
    }

    /** Logs the start line's facts, and the one warning when the server is open beyond loopback to anyone. */
    void announce() {
        LOG.info("{} {}", server, describe());
        if (!authentication && !listening.getAddress().isLoopbackAddress()) {
            LOG.warn("{} listens on {} with authentication off: anyone who can reach this port may send, consume and"
                            + " change its configuration. Set {}=true, or bindAddress=127.0.0.1 to keep it on this host.",
                    server, address(), AUTHENTICATION_ENABLED);
        }
    }

    /** host:port as an operator configures it: a wildcard bind reads 0.0.0.0, whichever family the system chose. */
    private String address() {
        String host = listening.getAddress().isAnyLocalAddress() ? "0.0.0.0" : listening.getAddress().getHostAddress();
        return host + ":" + listening.getPort();
    }
}
