package io.apogee.remoting.codec;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cuts the inbound byte stream into frames and decodes each into a {@link RemotingCommand}, by the
 * serialize-type byte of that frame.
 *
 * <p>Each frame is checked before any of it is trusted: the length must be at least the 4 bytes of
 * the header-length word and at most the configured maximum (checked as soon as the 4 length bytes
 * are in, so an oversized frame is refused before it is buffered), the serialize type must be known,
 * the header must fit in the frame and parse. On the first violation the decoder stops decoding,
 * discards everything that follows and raises a {@link MalformedFrameException}; the connection
 * handler then logs one line and closes this connection only.
 *
 * <p>Memory: a frame larger than the receive buffer is assembled in a cumulation buffer until it is
 * complete. Its declared length is reserved in the endpoint's {@link PartialFrameBudget} as soon as
 * the length field is in (a frame that does not fit closes the connection), and the frame must
 * complete within {@code frameCompleteTimeoutMillis} of its first bytes (a peer that drips one byte
 * now and then into an unfinished frame would otherwise hold the buffer past any idle timeout).
 *
 * <p>Copies: the header bytes once, into the thread's {@link HeaderScratch} (the header codecs need a heap
 * array). A response's body once, into its byte array. A request's body not at all: it is emitted as a
 * {@link BufferBodyCommand} holding a retained slice of the bytes read, which the connection handler lends to
 * the processor ({@link RemotingCommand#lendBody}) and releases after it.
 *
 * <p>Thread safety: one instance per channel, used only by its I/O thread.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private static final int HEADER_WORD_SIZE = 4;
    private static final int MAX_REASON_LENGTH = 200;

    private final int maxFrameLength;
    private final long frameCompleteTimeoutMillis;
    private final PartialFrameBudget budget;
    private boolean failed;
    /** Bytes of the frame being received reserved in the budget; 0 when none. */
    private long reservedForFrame;
    /** Frames decoded so far; the completion check compares it to see whether the frame moved on. */
    private long framesDecoded;
    private ScheduledFuture<?> completionCheck;

    /** A decoder without a partial-frame budget or completion deadline, for peers that trust each other. */
    public FrameDecoder(int maxFrameLength) {
        this(maxFrameLength, 0, new PartialFrameBudget(Long.MAX_VALUE));
    }

    /**
     * @param maxFrameLength             the largest accepted value of the frame's length field
     * @param frameCompleteTimeoutMillis a started frame must be complete this long after; 0 never
     * @param budget                     shared by the connections of one endpoint
     */
    public FrameDecoder(int maxFrameLength, long frameCompleteTimeoutMillis, PartialFrameBudget budget) {
        this.maxFrameLength = maxFrameLength;
        this.frameCompleteTimeoutMillis = frameCompleteTimeoutMillis;
        this.budget = budget;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameCodec.LENGTH_FIELD_SIZE) {
            watchCompletion(ctx);
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < HEADER_WORD_SIZE) {
            fail(ctx, in, "frame length " + length + " is below the minimum of " + HEADER_WORD_SIZE);
            return;
        }
        if (length > maxFrameLength) {
            fail(ctx, in, MalformedFrameException.Kind.TOO_LARGE,
                    "frame length " + length + " exceeds the maximum of " + maxFrameLength + " (frameMaxLength)");
            return;
        }
        if (in.readableBytes() < FrameCodec.LENGTH_FIELD_SIZE + length) {
            if (reservedForFrame == 0) {
                long need = FrameCodec.LENGTH_FIELD_SIZE + (long) length;
                if (!budget.tryReserve(need)) {
                    fail(ctx, in, "frame of " + length + " bytes does not fit the server's partial-frame budget of "
                            + budget.maxBytes() + " bytes (" + budget.reserved() + " in use)");
                    return;
                }
                reservedForFrame = need;
            }
            watchCompletion(ctx);
            return;
        }
        releaseReservation();
        framesDecoded++;
        int word = in.getInt(start + FrameCodec.LENGTH_FIELD_SIZE);
        int typeCode = word >>> 24;
        int headerLength = word & 0xFFFFFF;
        if (SerializeType.fromCode(typeCode) == null) {
            fail(ctx, in, "unknown serialize type " + typeCode);
            return;
        }
        int bodyLength = length - HEADER_WORD_SIZE - headerLength;
        if (bodyLength < 0) {
            fail(ctx, in, "header length " + headerLength + " exceeds the frame length " + length);
            return;
        }
        // The codec reads the header-length word again; give it the word and the header only, in this
        // thread's scratch array (the codecs copy what they keep into strings).
        int wordAndHeaderLength = HEADER_WORD_SIZE + headerLength;
        byte[] wordAndHeader = HeaderScratch.of(wordAndHeaderLength);
        in.getBytes(start + FrameCodec.LENGTH_FIELD_SIZE, wordAndHeader, 0, wordAndHeaderLength);
        RemotingCommand command;
        try {
            command = FrameCodec.decode(ByteBuffer.wrap(wordAndHeader, 0, wordAndHeaderLength));
        } catch (RuntimeException e) {
            // The header codecs report bad input as ProtocolException but may surface other runtime
            // exceptions from the JSON parser; either way the bytes are not a header.
            fail(ctx, in, "unparsable header: " + e.getMessage());
            return;
        }
        int bodyStart = start + FrameCodec.LENGTH_FIELD_SIZE + wordAndHeaderLength;
        in.skipBytes(FrameCodec.LENGTH_FIELD_SIZE + length);
        if (bodyLength == 0) {
            out.add(command);
        } else if (command.isResponse()) {
            // A response goes to whoever waits for it, on any thread: it gets a body of its own.
            byte[] body = new byte[bodyLength];
            in.getBytes(bodyStart, body);
            out.add(command.body(body));
        } else {
            // A request's body stays where it was read; the connection handler lends it to the processor.
            out.add(new BufferBodyCommand(command, in.retainedSlice(bodyStart, bodyLength)));
        }
    }

    /** Closes the connection if the frame now begun is still incomplete after the deadline. */
    private void watchCompletion(ChannelHandlerContext ctx) {
        if (frameCompleteTimeoutMillis <= 0 || completionCheck != null) {
            return;
        }
        long frame = framesDecoded;
        completionCheck = ctx.executor().schedule(() -> checkCompletion(ctx, frame),
                frameCompleteTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void checkCompletion(ChannelHandlerContext ctx, long frame) {
        completionCheck = null;
        if (failed || !ctx.channel().isActive()) {
            return;
        }
        boolean partial = internalBuffer().isReadable();
        if (partial && framesDecoded == frame) {
            failed = true;
            releaseReservation();
            ctx.fireExceptionCaught(new MalformedFrameException(MalformedFrameException.Kind.INCOMPLETE,
                    "frame not completed within "
                    + frameCompleteTimeoutMillis + " ms of its first bytes (frameCompleteTimeoutMillis)"));
        } else if (partial) {
            // Another frame has begun since; it gets its own deadline from now (at most twice as long).
            watchCompletion(ctx);
        }
    }

    private void releaseReservation() {
        if (reservedForFrame > 0) {
            budget.release(reservedForFrame);
            reservedForFrame = 0;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseReservation();
        if (completionCheck != null) {
            completionCheck.cancel(false);
            completionCheck = null;
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        fail(ctx, in, MalformedFrameException.Kind.MALFORMED, reason);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, MalformedFrameException.Kind kind, String reason) {
        failed = true;
        releaseReservation();
        in.skipBytes(in.readableBytes());
        // Parser messages may quote the input; a log line must stay one short line whatever was sent.
        String line = reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
        ctx.fireExceptionCaught(new MalformedFrameException(kind, line.replace('\n', ' ').replace('\r', ' ')));
    }
}
