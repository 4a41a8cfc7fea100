package io.apogee.remoting.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

import static io.apogee.remoting.tls.TlsConfig.TLS_CLIENT_AUTH_SERVER;
import static io.apogee.remoting.tls.TlsConfig.TLS_CLIENT_CERT_PATH;
import static io.apogee.remoting.tls.TlsConfig.TLS_CLIENT_KEY_PASSWORD;
import static io.apogee.remoting.tls.TlsConfig.TLS_CLIENT_KEY_PATH;
import static io.apogee.remoting.tls.TlsConfig.TLS_CLIENT_TRUST_CERT_PATH;
import static io.apogee.remoting.tls.TlsConfig.TLS_SERVER_AUTH_CLIENT;
import static io.apogee.remoting.tls.TlsConfig.TLS_SERVER_CERT_PATH;
import static io.apogee.remoting.tls.TlsConfig.TLS_SERVER_KEY_PASSWORD;
import static io.apogee.remoting.tls.TlsConfig.TLS_SERVER_KEY_PATH;
import static io.apogee.remoting.tls.TlsConfig.TLS_SERVER_MODE;
import static io.apogee.remoting.tls.TlsConfig.TLS_SERVER_TRUST_CERT_PATH;
import static io.apogee.remoting.tls.TlsConfig.TLS_TEST_MODE_ENABLE;

/**
 * Turns a {@link TlsConfig} into what a pipeline needs: the server side's {@link ChannelTls} (mode and Netty
 * {@code SslContext} built from PEM files) and the outgoing side's. Every file is read here, once, when a
 * server or client is built, so a missing or unreadable certificate fails start-up with a message that names
 * its key, not the first handshake.
 *
 * <p>Thread safety: stateless.
 */
public final class TlsContexts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /**
     * What a server's connections get: nothing when its mode is disabled.
     *
     * @throws IllegalArgumentException naming the key whose file is missing or unusable
     */
    public static ChannelTls server(TlsConfig config) {
        TlsMode mode = config.serverMode();
        if (mode == TlsMode.DISABLED) {
            return null;
        }
        String cert = config.text(TLS_SERVER_CERT_PATH);
        String key = config.text(TLS_SERVER_KEY_PATH);
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("setting '" + TLS_SERVER_MODE + "' is " + mode.text() + ", which needs '"
                    + TLS_SERVER_CERT_PATH + "' and '" + TLS_SERVER_KEY_PATH + "' (Apogee makes no self-signed certificate)");
        }
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(file(TLS_SERVER_CERT_PATH, cert), file(TLS_SERVER_KEY_PATH, key),
                    blankToNull(config.text(TLS_SERVER_KEY_PASSWORD)));
        } catch (IllegalArgumentException e) {
            throw unusable(TLS_SERVER_KEY_PATH, e);
        }
        ClientAuth clientAuth = config.needClientAuth();
        if (clientAuth != ClientAuth.NONE) {
            if (config.flag(TLS_SERVER_AUTH_CLIENT)) {
                String trust = config.text(TLS_SERVER_TRUST_CERT_PATH);
                if (!trust.isEmpty()) {
                    builder.trustManager(file(TLS_SERVER_TRUST_CERT_PATH, trust));
                }
            } else {
                LOG.warn("TLS client certificates are asked for ({}={}) but not checked: set {}=true and {} to check them",
                        TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH, config.text(TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH),
                        TLS_SERVER_AUTH_CLIENT, TLS_SERVER_TRUST_CERT_PATH);
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
        }
        builder.clientAuth(clientAuth);
        return ChannelTls.server(mode, build(builder, TLS_SERVER_CERT_PATH));
    }

    /**
     * What the outgoing connections of a server or client get: nothing when {@code enabled} is false.
     *
     * @throws IllegalArgumentException naming the key whose file is missing or unusable
     */
    public static ChannelTls client(TlsConfig config, boolean enabled) {
        if (!enabled) {
            return null;
        }
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (config.flag(TLS_TEST_MODE_ENABLE)) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            return ChannelTls.client(build(builder, TLS_TEST_MODE_ENABLE));
        }
        if (config.flag(TLS_CLIENT_AUTH_SERVER)) {
            String trust = config.text(TLS_CLIENT_TRUST_CERT_PATH);
            if (!trust.isEmpty()) {
                builder.trustManager(file(TLS_CLIENT_TRUST_CERT_PATH, trust));
            }
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        String cert = config.text(TLS_CLIENT_CERT_PATH);
        if (!cert.isEmpty()) {
            String key = config.text(TLS_CLIENT_KEY_PATH);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("setting '" + TLS_CLIENT_CERT_PATH + "' needs '" + TLS_CLIENT_KEY_PATH + "'");
            }
            try {
                builder.keyManager(file(TLS_CLIENT_CERT_PATH, cert), file(TLS_CLIENT_KEY_PATH, key),
                        blankToNull(config.text(TLS_CLIENT_KEY_PASSWORD)));
            } catch (IllegalArgumentException e) {
                throw unusable(TLS_CLIENT_KEY_PATH, e);
            }
        }
        return ChannelTls.client(build(builder, TLS_CLIENT_CERT_PATH));
    }

    private static File file(String key, String path) {
        Path p = Path.of(path);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("setting '" + key + "': cannot read " + path);
        }
        return p.toFile();
    }

    private static SslContext build(SslContextBuilder builder, String key) {
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw unusable(key, e);
        }
    }

    private static IllegalArgumentException unusable(String key, Exception e) {
        return new IllegalArgumentException("TLS setting '" + key + "' and its companions do not make a usable context: "
                + e.getMessage(), e);
    }

    private static String blankToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
