package io.apogee.protocol.message;

import io.apogee.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of SEND_BATCH_MESSAGE (section 4.4): records of
 * {@code totalSize int32 | magic int32 (0) | bodyCRC int32 (0) | flag int32 | bodyLen int32 | body |
 * propertiesLen int16 | properties}. The offsets are public so the store can walk a batch in place
 * without decoding it.
 *
 * <p>Thread safety: stateless; any thread.
 */
public final class BatchMessageCodec {

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int FLAG_OFFSET = 12;
    public static final int BODY_LENGTH_OFFSET = 16;
    public static final int BODY_OFFSET = 20;
    /** Bytes of a record with an empty body and no properties. */
    public static final int MIN_RECORD_LENGTH = BODY_OFFSET + 2;

    private BatchMessageCodec() {
    }

    public static byte[] encode(List<BatchMessage> messages) {
        List<byte[]> properties = new ArrayList<>(messages.size());
        int total = 0;
        for (BatchMessage message : messages) {
            byte[] props = message.properties().getBytes(StandardCharsets.UTF_8);
            properties.add(props);
            total += MIN_RECORD_LENGTH + message.body().length + props.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (int i = 0; i < messages.size(); i++) {
            BatchMessage message = messages.get(i);
            byte[] props = properties.get(i);
            out.putInt(MIN_RECORD_LENGTH + message.body().length + props.length);
            out.putInt(0);
            out.putInt(0);
            out.putInt(message.flag());
            out.putInt(message.body().length);
            out.put(message.body());
            out.putShort((short) props.length);
            out.put(props);
        }
        return out.array();
    }

    public static List<BatchMessage> decode(ByteBuffer body) {
        List<BatchMessage> messages = new ArrayList<>();
        ByteBuffer in = body.duplicate();
        while (in.hasRemaining()) {
            int start = in.position();
            int length = checkRecord(in, start, in.limit());
            byte[] payload = new byte[in.getInt(start + BODY_LENGTH_OFFSET)];
            in.get(start + BODY_OFFSET, payload);
            int propsAt = start + BODY_OFFSET + payload.length;
            byte[] props = new byte[in.getShort(propsAt) & 0xFFFF];
            in.get(propsAt + 2, props);
            messages.add(new BatchMessage(in.getInt(start + FLAG_OFFSET), payload,
                    new String(props, StandardCharsets.UTF_8)));
            in.position(start + length);
        }
        return messages;
    }

    /**
     * Checks the record at absolute {@code index} and returns its length, or throws
     * {@link ProtocolException} when its lengths do not add up within {@code limit}.
     */
    public static int checkRecord(ByteBuffer body, int index, int limit) {
        if (limit - index < MIN_RECORD_LENGTH) {
            throw new ProtocolException("batch record at " + index + " is truncated");
        }
        int length = body.getInt(index + TOTAL_SIZE_OFFSET);
        int bodyLength = body.getInt(index + BODY_LENGTH_OFFSET);
        if (length < MIN_RECORD_LENGTH || length > limit - index || bodyLength < 0
                || bodyLength > length - MIN_RECORD_LENGTH) {
            throw new ProtocolException("batch record at " + index + " has bad lengths " + length + "/" + bodyLength);
        }
        int propertiesLength = body.getShort(index + BODY_OFFSET + bodyLength) & 0xFFFF;
        if (MIN_RECORD_LENGTH + bodyLength + propertiesLength != length) {
            throw new ProtocolException("batch record at " + index + " has inconsistent lengths");
        }
        return length;
    }

    /** Index of the int16 properties length of the (checked) record at {@code index}. */
    public static int propertiesLengthIndex(ByteBuffer body, int index) {
        return index + BODY_OFFSET + body.getInt(index + BODY_LENGTH_OFFSET);
    }
}
