package io.apogee.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * Who can reach a server started from the command line, as its operator must know it: the address it
 * listens on and whether authentication and TLS are on, for the start line; and one warning when it listens
 * beyond loopback with authentication off, since then anyone who reaches the port may send, consume and
 * administer.
 *
 * <p>This is the one place that reads {@code authenticationEnabled} and {@code tls.server.mode}: from the
 * server's configuration values (its key table, see {@code BrokerConfig#values()}), and for TLS also from the
 * system property RocketMQ reads. A key no table declares reads as off.
 *
 * <p>Thread safety: immutable; called by the starting thread.
 */
final class Exposure {

    /** RocketMQ's key: every request must be signed by a known user. */
    static final String AUTHENTICATION_ENABLED = "authenticationEnabled";
    /** RocketMQ's key: {@code disabled}, {@code permissive} (TLS and plain text) or {@code enforcing}. */
    static final String TLS_SERVER_MODE = "tls.server.mode";

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

    /** The exposure of {@code server} listening at {@code listening}, configured with {@code values}. */
    static Exposure of(String server, InetSocketAddress listening, Map<String, String> values) {
        boolean authentication = Boolean.parseBoolean(values.getOrDefault(AUTHENTICATION_ENABLED, "false").trim());
        String tls = values.get(TLS_SERVER_MODE);
        if (tls == null || tls.isBlank()) {
            tls = System.getProperty(TLS_SERVER_MODE, "disabled");
        }
        return new Exposure(server, listening, authentication, tls.trim().toLowerCase(Locale.ROOT));
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
