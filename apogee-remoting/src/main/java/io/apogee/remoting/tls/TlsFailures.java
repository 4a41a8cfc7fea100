package io.apogee.remoting.tls;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;

/**
 * Closes a connection whose TLS failed (handshake refused, certificate not trusted, a record that is not TLS)
 * with one line naming the peer and the reason, and counts it; other failures pass on to the connection's
 * own handler. Without it a refused certificate would surface as an "unexpected failure" with a stack trace.
 *
 * <p>Thread safety: one instance per channel, called by its I/O thread.
 */
final class TlsFailures extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsFailures.class);
    /** Shared by every connection: a client retrying with a bad certificate costs one line per interval. */
    private static final RateLimitedLog FAILED = new RateLimitedLog(LOG, 10_000);

    private final ChannelTls tls;

    TlsFailures(ChannelTls tls) {
        this.tls = tls;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SSLException ssl = sslCause(cause);
        if (ssl == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        tls.countFailedHandshake();
        FAILED.warn("closing connection {}: TLS failed: {} ({} so far)", ctx.channel().remoteAddress(),
                LogText.escape(ssl.getMessage()), tls.failedHandshakes());
        ctx.close();
    }

    private static SSLException sslCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }
}
