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
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Turns outbound {@link RemotingCommand}s and {@link BufferBodyCommand}s into frames, each in the
 * command's own serialize type.
 *
 * <p>A plain command becomes one pooled direct buffer sized exactly for the frame. A
 * {@link BufferBodyCommand} becomes a composite of a small header buffer and the caller's body, so
 * the body is never copied; the socket writes both with one gathering write. Either way the header is
 * written first into an array the encoding thread keeps for that, then copied into the buffer.
 *
 * <p>Thread safety: {@link ChannelHandler.Sharable}; its only state is each thread's scratch array. Runs on each
 * channel's I/O thread.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends ChannelOutboundHandlerAdapter {

    /** The one instance every pipeline shares. */
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private static final int PREFIX_SIZE = 8;
    /** Headers up to this size are written into the encoding thread's scratch array before the frame's buffer. */
    private static final int MAX_SCRATCH_SIZE = 64 * 1024;
    private static final FastThreadLocal<byte[]> HEADER_SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[512];
        }
    };

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
        byte[] header = headerScratch(headerLength);
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
        byte[] header = headerScratch(headerLength);
        writeHeader(command, header, headerLength);
        ByteBuf frame = alloc.ioBuffer(PREFIX_SIZE + headerLength);
        writePrefix(frame, command, headerLength, bodyLength);
        frame.writeBytes(header, 0, headerLength);
        return frame;
    }

    /** The calling thread's array for a header of {@code length} bytes, or a new one for a header that large. */
    private static byte[] headerScratch(int length) {
        if (length > MAX_SCRATCH_SIZE) {
            return new byte[length];
        }
        byte[] scratch = HEADER_SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, Math.min(MAX_SCRATCH_SIZE, scratch.length * 2))];
            HEADER_SCRATCH.set(scratch);
        }
        return scratch;
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
