package io.apogee.remoting.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Closes a server connection that has not delivered one complete frame within a deadline of opening. The
 * decoder's frame deadline starts with a frame's first byte, and the idle timeout with the last byte, so a
 * peer that connects and sends nothing, or a few bytes now and then, would otherwise hold its connection
 * (and its place under the connection limits) for the whole idle time. Once the first frame is through,
 * this handler removes itself: later frames are the decoder's business.
 *
 * <p>Thread safety: one instance per channel, called only by its I/O thread.
 */
final class FirstFrameDeadline extends ChannelInboundHandlerAdapter {

    private final Connection connection;
    private final Endpoint endpoint;
    private final long timeoutMillis;
    private ScheduledFuture<?> deadline;

    FirstFrameDeadline(Connection connection, Endpoint endpoint, long timeoutMillis) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Only decoded frames come past the decoder: the first one meets the deadline.
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        endpoint.counters().firstFrameTimeout();
        endpoint.frameOffenders().warn(connection.remoteHost(),
                "closing connection {}: no complete request within {} ms of connecting (firstFrameTimeoutMillis)",
                connection.remoteAddress(), timeoutMillis);
        ctx.close();
    }
}
