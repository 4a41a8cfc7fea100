package io.apogee.remoting.tls;

import io.apogee.common.log.RateLimitedLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Tells a TLS connection from a plain one by its first byte, then leaves the pipeline: a TLS record starts
 * with its content type, 0x16 for the handshake a client opens with, while a remoting frame starts with the
 * high byte of its length, which is 0 for every frame under 16 MiB and can never be 0x16 (that would be a
 * frame of over 350 MiB, far past any frame limit). A TLS connection gets an SslHandler in this handler's
 * place; a plain one is served as it is in permissive mode and closed in enforcing mode.
 *
 * <p>Thread safety: one instance per channel, called by its I/O thread.
 */
final class TlsModeDetector extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(TlsModeDetector.class);
    /** Shared by every connection, so a client retrying in a loop costs one line per interval. */
    private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, 10_000);
    private static final byte TLS_HANDSHAKE = 0x16;

    private final ChannelTls tls;

    TlsModeDetector(ChannelTls tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getByte(in.readerIndex()) == TLS_HANDSHAKE) {
            tls.countTls();
            // Replacing hands the bytes read so far to the SslHandler.
            ctx.pipeline().replace(this, ChannelTls.SSL_HANDLER, tls.newServerHandler(ctx.channel()));
        } else if (tls.mode() == TlsMode.ENFORCING) {
            tls.countRefusedPlain();
            REFUSED.warn("closing connection {}: plain text on a port where {} is enforcing ({} refused so far)",
                    ctx.channel().remoteAddress(), TlsConfig.TLS_SERVER_MODE, tls.refusedPlainConnections());
            in.skipBytes(in.readableBytes());
            ctx.close();
        } else {
            tls.countPlain();
            ctx.pipeline().remove(this);
        }
    }
}
