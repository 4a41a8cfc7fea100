package io.apogee.remoting.tls;

import java.util.Locale;

/**
 * How a server treats TLS, with RocketMQ's names for {@code tls.server.mode}: not at all, on the same port as
 * plain text (told apart by the connection's first byte), or only TLS.
 */
public enum TlsMode {
    /** Plain text only; a TLS handshake is read as a malformed frame. */
    DISABLED,
    /** TLS and plain text on the same port. */
    PERMISSIVE,
    /** TLS only; a connection that starts with anything but a TLS handshake is closed. */
    ENFORCING;

    /** The mode named by {@code text}, in any case. */
    public static TlsMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be disabled, permissive or enforcing");
        }
    }

    /** The name as written in a file. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
