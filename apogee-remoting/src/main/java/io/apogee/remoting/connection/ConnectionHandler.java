package io.apogee.remoting.connection;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.codec.BufferBodyCommand;
import io.apogee.remoting.codec.MalformedFrameException;
import io.apogee.remoting.processor.QueuedRequestBytes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The last inbound handler of every pipeline: routes decoded commands (responses to the connection's
 * in-flight table, requests to the dispatcher) and turns channel life events into listener events.
 * Every failure closes this one connection with a single log line that names the peer and the reason.
 *
 * <p>Thread safety: one instance per channel, called only by its I/O thread.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    /*
     * Shared by every connection: a peer whose connections only reset costs one line per interval, however
     * many connections it opens. Malformed frames are logged once per peer address (Endpoint#frameOffenders).
     */
    private static final RateLimitedLog RESETS = new RateLimitedLog(LOG, 10_000);
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, 10_000);

    private final Connection connection;
    private final Endpoint endpoint;

    ConnectionHandler(Connection connection, Endpoint endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        endpoint.opened(connection);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onClosed();
        endpoint.closed(connection);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RemotingCommand command) {
            if (command.isResponse()) {
                connection.onResponse(command);
            } else {
                endpoint.dispatcher().dispatch(connection, command);
            }
        } else if (msg instanceof BufferBodyCommand request) {
            dispatchLent(request);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Lends the request its body where the decoder left it, for as long as the dispatch runs on this thread. A
     * processor that runs here (an in-place send) appends from that memory without a copy; the dispatcher has
     * the command copy its body before it hands it to another thread, and a command still holding the loan
     * afterwards (one answered at once, say) copies it now, so no command outlives the memory it points to.
     */
    private void dispatchLent(BufferBodyCommand request) {
        RemotingCommand command = request.command();
        try {
            command.lendBody(request.body().nioBuffer());
            endpoint.dispatcher().dispatch(connection, command);
        } finally {
            command.ownBody();
            request.release();
        }
    }

    /**
     * On a server, a peer that sends requests faster than it reads their responses would make the
     * outbound buffer grow without bound; instead, stop reading its requests until the responses
     * drained below the low water mark. Never on a client: if both ends stopped reading while their
     * own writes are stuck, neither would ever drain.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (endpoint.pausesReadingWhenUnwritable()) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable()
                    && !QueuedRequestBytes.readsPaused(ctx.channel()));
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof MalformedFrameException malformed) {
            endpoint.counters().malformedFrame();
            switch (malformed.kind()) {
                case TOO_LARGE -> endpoint.counters().oversizedFrame();
                case INCOMPLETE -> endpoint.counters().frameTimeout();
                case MALFORMED -> { }
            }
            endpoint.frameOffenders().warn(connection.remoteHost(), "closing connection {}: malformed frame: {}",
                    connection.remoteAddress(), LogText.escape(cause.getMessage()));
        } else if (cause instanceof IOException) {
            // Resets and broken pipes are how peers usually leave; not worth a stack trace.
            RESETS.info("closing connection {}: {}", connection.remoteAddress(), LogText.escape(cause.toString()));
        } else {
            UNEXPECTED.warn("closing connection {}: unexpected failure", connection.remoteAddress(), cause);
        }
        endpoint.events().fire("exception", connection, l -> l.onException(connection, cause));
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.info("closing connection {}: idle for {} ms", connection.remoteAddress(), endpoint.idleTimeMillis());
            endpoint.events().fire("idle", connection, l -> l.onIdle(connection));
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
