package io.apogee.remoting.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.concurrent.atomic.LongAdder;

/**
 * The TLS part of one side's pipelines: installed at the head of each new channel's pipeline, under the
 * frame codec, by {@link #install}.
 *
 * <pre>
 *  server, enforcing/permissive:  socket ─► TlsModeDetector ─► (SslHandler | nothing) ─► TlsFailures ─► frames...
 *  client:                        socket ─► SslHandler ─► TlsFailures ─► frames...
 * </pre>
 *
 * <p>Thread safety: immutable but for its counters, which any I/O thread bumps and any thread reads.
 */
public final class ChannelTls {

    /** Name of the SslHandler in a pipeline. */
    public static final String SSL_HANDLER = "ssl";
    static final String DETECTOR = "tls-detector";
    static final String FAILURES = "tls-failures";

    private final TlsMode mode;
    private final SslContext context;
    private final LongAdder tlsConnections = new LongAdder();
    private final LongAdder plainConnections = new LongAdder();
    private final LongAdder refusedPlainConnections = new LongAdder();
    private final LongAdder failedHandshakes = new LongAdder();

    private ChannelTls(TlsMode mode, SslContext context) {
        this.mode = mode;
        this.context = context;
    }

    /** A server's: {@code mode} is permissive or enforcing, {@code context} a server context. */
    public static ChannelTls server(TlsMode mode, SslContext context) {
        if (mode == TlsMode.DISABLED || !context.isServer()) {
            throw new IllegalArgumentException("a server needs a server context and permissive or enforcing, was " + mode);
        }
        return new ChannelTls(mode, context);
    }

    /** The outgoing side's: every connection starts with a handshake. */
    public static ChannelTls client(SslContext context) {
        if (!context.isClient()) {
            throw new IllegalArgumentException("a client needs a client context");
        }
        return new ChannelTls(TlsMode.ENFORCING, context);
    }

    /** Puts the TLS handlers at the head of {@code channel}'s pipeline; called on the channel's initialization. */
    public void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addFirst(FAILURES, new TlsFailures(this));
        if (context.isClient()) {
            tlsConnections.increment();
            pipeline.addFirst(SSL_HANDLER, context.newHandler(channel.alloc()));
        } else {
            pipeline.addFirst(DETECTOR, new TlsModeDetector(this));
        }
    }

    SslHandler newServerHandler(Channel channel) {
        return context.newHandler(channel.alloc());
    }

    public TlsMode mode() {
        return mode;
    }

    public boolean isClient() {
        return context.isClient();
    }

    /** Connections that started a TLS handshake. */
    public long tlsConnections() {
        return tlsConnections.sum();
    }

    /** Connections served in plain text (permissive mode). */
    public long plainConnections() {
        return plainConnections.sum();
    }

    /** Connections closed because they spoke plain text to an enforcing server. */
    public long refusedPlainConnections() {
        return refusedPlainConnections.sum();
    }

    /** Connections closed because their handshake failed: an untrusted certificate, no certificate, a bad record. */
    public long failedHandshakes() {
        return failedHandshakes.sum();
    }

    void countTls() {
        tlsConnections.increment();
    }

    void countPlain() {
        plainConnections.increment();
    }

    void countRefusedPlain() {
        refusedPlainConnections.increment();
    }

    void countFailedHandshake() {
        failedHandshakes.increment();
    }

    @Override
    public String toString() {
        return isClient() ? "TLS" : "TLS " + mode.text();
    }
}
