package io.apogee.remoting.codec;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.ByteBuffer;
import java.util.List;

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
 * <p>Copies: the header bytes once (the header codecs need a heap array) and the body once into the
 * command's byte array; nothing else.
 *
 * <p>Thread safety: one instance per channel, used only by its I/O thread.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private static final int HEADER_WORD_SIZE = 4;
    private static final int MAX_REASON_LENGTH = 200;

    private final int maxFrameLength;
    private boolean failed;

    /** @param maxFrameLength the largest accepted value of the frame's length field */
    public FrameDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameCodec.LENGTH_FIELD_SIZE) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < HEADER_WORD_SIZE) {
            fail(ctx, in, "frame length " + length + " is below the minimum of " + HEADER_WORD_SIZE);
            return;
        }
        if (length > maxFrameLength) {
            fail(ctx, in, "frame length " + length + " exceeds the maximum of " + maxFrameLength);
            return;
        }
        if (in.readableBytes() < FrameCodec.LENGTH_FIELD_SIZE + length) {
            return;
        }
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
        // The codec reads the header-length word again; give it the word and the header only, so the
        // body is copied once, straight from the network buffer into its array.
        byte[] wordAndHeader = new byte[HEADER_WORD_SIZE + headerLength];
        in.getBytes(start + FrameCodec.LENGTH_FIELD_SIZE, wordAndHeader);
        RemotingCommand command;
        try {
            command = FrameCodec.decode(ByteBuffer.wrap(wordAndHeader));
        } catch (RuntimeException e) {
            // The header codecs report bad input as ProtocolException but may surface other runtime
            // exceptions from the JSON parser; either way the bytes are not a header.
            fail(ctx, in, "unparsable header: " + e.getMessage());
            return;
        }
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            in.getBytes(start + FrameCodec.LENGTH_FIELD_SIZE + HEADER_WORD_SIZE + headerLength, body);
            command.body(body);
        }
        in.skipBytes(FrameCodec.LENGTH_FIELD_SIZE + length);
        out.add(command);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        // Parser messages may quote the input; a log line must stay one short line whatever was sent.
        String line = reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
        ctx.fireExceptionCaught(new MalformedFrameException(line.replace('\n', ' ').replace('\r', ' ')));
    }
}
