package io.apogee.remoting.codec;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns outbound {@link RemotingCommand}s and {@link BufferBodyCommand}s into frames, each in the
 * command's own serialize type.
 *
 * <p>A plain command becomes one pooled direct buffer sized exactly for the frame. A
 * {@link BufferBodyCommand} becomes a composite of a small header buffer and the caller's body, so
 * the body is never copied; the socket writes both with one gathering write. Either way the header is
 * written first into the thread's {@link HeaderScratch}, then copied into the buffer.
 *
 * <p>Thread safety: {@link ChannelHandler.Sharable}; stateless apart from each thread's {@link HeaderScratch}.
 * Runs on each channel's I/O thread.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends ChannelOutboundHandlerAdapter {

    /** The one instance every pipeline shares. */
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private static final int PREFIX_SIZE = 8;

    private FrameEncoder() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof RemotingCommand command) {
            ByteBuf frame;
            try {
                frame = encode(ctx.alloc(), command);
            } catch (RuntimeException e) {
                promise.setFailure(e);
                return;
            }
            ctx.write(frame, promise);
        } else if (msg instanceof BufferBodyCommand bodyCommand) {
            ByteBuf header;
            try {
                header = encodeHeader(ctx.alloc(), bodyCommand.command(), bodyCommand.body().readableBytes());
            } catch (RuntimeException e) {
                ReferenceCountUtil.release(bodyCommand);
                promise.setFailure(e);
                return;
            }
            CompositeByteBuf frame = ctx.alloc().compositeDirectBuffer(2);
            frame.addComponents(true, header, bodyCommand.body());
            ctx.write(frame, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /** Encodes a whole frame into a new buffer from {@code alloc}; the caller owns the result. */
    public static ByteBuf encode(ByteBufAllocator alloc, RemotingCommand command) {
        int headerLength = FrameCodec.headerLength(command);
        byte[] header = HeaderScratch.of(headerLength);
        writeHeader(command, header, headerLength);
        byte[] body = command.body();
        int bodyLength = body == null ? 0 : body.length;
        ByteBuf frame = alloc.ioBuffer(PREFIX_SIZE + headerLength + bodyLength);
        writePrefix(frame, command, headerLength, bodyLength);
        frame.writeBytes(header, 0, headerLength);
        if (body != null) {
            frame.writeBytes(body);
        }
        return frame;
    }

    private static ByteBuf encodeHeader(ByteBufAllocator alloc, RemotingCommand command, int bodyLength) {
        int headerLength = FrameCodec.headerLength(command);
        byte[] header = HeaderScratch.of(headerLength);
        writeHeader(command, header, headerLength);
        ByteBuf frame = alloc.ioBuffer(PREFIX_SIZE + headerLength);
        writePrefix(frame, command, headerLength, bodyLength);
        frame.writeBytes(header, 0, headerLength);
        return frame;
    }

    private static void writeHeader(RemotingCommand command, byte[] out, int headerLength) {
        if (FrameCodec.writeHeader(command, out, 0) != headerLength) {
            // A command mutated by another thread while being encoded; never send a corrupt frame.
            throw new IllegalStateException("header changed while being encoded");
        }
    }

    private static void writePrefix(ByteBuf frame, RemotingCommand command, int headerLength, int bodyLength) {
        frame.writeInt(4 + headerLength + bodyLength);
        frame.writeInt(FrameCodec.headerLengthWord(command.serializeType(), headerLength));
    }
}
