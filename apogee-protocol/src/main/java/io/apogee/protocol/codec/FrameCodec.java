package io.apogee.protocol.codec;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The frame layout of the remoting protocol, free of any transport type:
 *
 * <pre>
 * | total length L (int32) | serialize type (8 bits) + header length H (24 bits) | header (H) | body (L - 4 - H) |
 * </pre>
 *
 * {@code L} counts everything after itself. Each frame is decoded by its own serialize-type byte;
 * a command is encoded with its {@link RemotingCommand#serializeType()}.
 *
 * <p>Encoding measures the header first and writes prefix, header and body into one array of the
 * exact size; decoding reads the header in place from a heap buffer's array and copies only the
 * body out.
 *
 * <p>Thread safety: stateless; every method may be called from any thread.
 */
public final class FrameCodec {

    /** The largest frame accepted unless configured otherwise, as the official decoder does. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;
    /** Bytes of the total-length field. */
    public static final int LENGTH_FIELD_SIZE = 4;
    private static final int HEADER_LENGTH_MASK = 0xFFFFFF;
    /** The total-length field and the header-length word. */
    private static final int PREFIX_SIZE = 8;

    private FrameCodec() {
    }

    /** Encodes a whole frame, length prefix included. */
    public static byte[] encode(RemotingCommand command) {
        int headerLength = headerLength(command);
        byte[] body = command.body();
        int bodyLength = body == null ? 0 : body.length;
        byte[] frame = new byte[PREFIX_SIZE + headerLength + bodyLength];
        putInt(frame, 0, 4 + headerLength + bodyLength);
        putInt(frame, 4, headerLengthWord(command.serializeType(), headerLength));
        int end = writeHeader(command, frame, PREFIX_SIZE);
        if (end != PREFIX_SIZE + headerLength) {
            // A command mutated by another thread while being encoded; never send a corrupt frame.
            throw new IllegalStateException("header changed while being encoded");
        }
        if (body != null) {
            System.arraycopy(body, 0, frame, end, bodyLength);
        }
        return frame;
    }

    /** Encodes only the header bytes, in the command's serialize type. */
    public static byte[] encodeHeader(RemotingCommand command) {
        byte[] header = new byte[headerLength(command)];
        writeHeader(command, header, 0);
        return header;
    }

    /**
     * The exact size of {@code command}'s header in its serialize type. With
     * {@link #writeHeader} a transport can write the header straight into a buffer it owns.
     *
     * @throws ProtocolException when the header would not fit the 24-bit length field
     */
    public static int headerLength(RemotingCommand command) {
        int length = command.serializeType() == SerializeType.ROCKETMQ
                ? BinaryHeaderCodec.measure(command)
                : JsonHeaderWriter.measure(command);
        if (length > HEADER_LENGTH_MASK) {
            throw new ProtocolException("header of " + length + " bytes does not fit the 24-bit length field");
        }
        return length;
    }

    /**
     * Writes {@code command}'s header at {@code offset}, which must have {@link #headerLength}
     * bytes of room; returns the offset after it.
     */
    public static int writeHeader(RemotingCommand command, byte[] out, int offset) {
        return command.serializeType() == SerializeType.ROCKETMQ
                ? BinaryHeaderCodec.write(command, out, offset)
                : JsonHeaderWriter.write(command, out, offset);
    }

    /**
     * Writes the 8 bytes that precede a header: the total length and the header-length word. With
     * this a transport can send the header and a body it holds elsewhere without copying the body.
     */
    public static void writePrefix(ByteBuffer out, SerializeType type, int headerLength, int bodyLength) {
        out.putInt(4 + headerLength + bodyLength);
        out.putInt(headerLengthWord(type, headerLength));
    }

    /** The word that carries the serialize type in its top byte and the header length below it. */
    public static int headerLengthWord(SerializeType type, int headerLength) {
        return (type.code() << 24) | (headerLength & HEADER_LENGTH_MASK);
    }

    /** Decodes a whole frame, length prefix included, checking the prefix against the bytes given. */
    public static RemotingCommand decodeFrame(ByteBuffer frame) {
        if (frame.remaining() < LENGTH_FIELD_SIZE) {
            throw new ProtocolException("frame shorter than its length field");
        }
        int length = frame.getInt();
        if (length != frame.remaining()) {
            throw new ProtocolException("frame length " + length + " does not match the "
                    + frame.remaining() + " bytes that follow it");
        }
        return decode(frame);
    }

    /**
     * Decodes a frame whose total-length field has already been consumed: {@code frame} holds the
     * header-length word, the header and the body, and nothing else. The body is copied out and
     * the buffer is left consumed.
     */
    public static RemotingCommand decode(ByteBuffer frame) {
        if (frame.remaining() < 4) {
            throw new ProtocolException("frame of " + frame.remaining() + " bytes has no header-length word");
        }
        int word = frame.getInt();
        int headerLength = word & HEADER_LENGTH_MASK;
        SerializeType type = SerializeType.fromCode((word >>> 24) & 0xFF);
        if (type == null) {
            throw new ProtocolException("unknown serialize type " + ((word >>> 24) & 0xFF));
        }
        if (headerLength > frame.remaining()) {
            throw new ProtocolException("header length " + headerLength + " exceeds the "
                    + frame.remaining() + " bytes left in the frame");
        }
        int bodyLength = frame.remaining() - headerLength;
        RemotingCommand command;
        byte[] body = null;
        if (frame.hasArray()) {
            byte[] bytes = frame.array();
            int offset = frame.arrayOffset() + frame.position();
            command = decodeHeader(type, bytes, offset, headerLength);
            if (bodyLength > 0) {
                body = Arrays.copyOfRange(bytes, offset + headerLength, offset + headerLength + bodyLength);
            }
        } else {
            // A direct buffer: copy the header and the body out once each.
            byte[] header = new byte[headerLength];
            frame.get(header);
            command = decodeHeader(type, header, 0, headerLength);
            if (bodyLength > 0) {
                body = new byte[bodyLength];
                frame.get(body);
            }
        }
        command.body(body);
        frame.position(frame.limit());
        return command;
    }

    private static RemotingCommand decodeHeader(SerializeType type, byte[] bytes, int offset, int length) {
        return type == SerializeType.ROCKETMQ
                ? BinaryHeaderCodec.decode(bytes, offset, length)
                : JsonHeaderReader.read(bytes, offset, length);
    }

    private static void putInt(byte[] out, int p, int value) {
        out[p] = (byte) (value >>> 24);
        out[p + 1] = (byte) (value >>> 16);
        out[p + 2] = (byte) (value >>> 8);
        out[p + 3] = (byte) value;
    }
}
