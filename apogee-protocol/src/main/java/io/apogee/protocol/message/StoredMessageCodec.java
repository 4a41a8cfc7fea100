package io.apogee.protocol.message;

import io.apogee.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes whole {@link StoredMessage}s in the stored layout, and splits a pull, query or view
 * body (records back to back) into messages. The magic of the encoded record is the message's own.
 *
 * <p>Thread safety: stateless; any thread.
 */
public final class StoredMessageCodec {

    private StoredMessageCodec() {
    }

    public static byte[] encode(StoredMessage message) {
        StoredMessageWriter writer = writerFor(message);
        ByteBuffer out = ByteBuffer.allocate(StoredMessageLayout.recordLength(writer.effectiveSysFlag(),
                message.magic(), writer.bodyLength(), writer.topicLength(), writer.propertiesLength()));
        int length = writeWithMagic(writer, message.magic(), out);
        if (length != out.capacity()) {
            throw new IllegalStateException("record length mismatch");
        }
        return out.array();
    }

    /** Concatenates the encoded records, as a pull response body carries them. */
    public static byte[] encodeAll(List<StoredMessage> messages) {
        List<byte[]> records = new ArrayList<>(messages.size());
        int total = 0;
        for (StoredMessage message : messages) {
            byte[] record = encode(message);
            records.add(record);
            total += record.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        records.forEach(out::put);
        return out.array();
    }

    /** Decodes the record at the buffer's position and advances the position past it. */
    public static StoredMessage decode(ByteBuffer buffer) {
        StoredMessageView view = requireWellFormed(new StoredMessageView().wrap(buffer, buffer.position()),
                buffer.limit());
        StoredMessage message = new StoredMessage(view.magic(), view.bodyCrc(), view.queueId(), view.flag(),
                view.queueOffset(), view.physicalOffset(), view.sysFlag(), view.bornTimestamp(), view.bornHost(),
                view.storeTimestamp(), view.storeHost(), view.reconsumeTimes(), view.preparedTransactionOffset(),
                view.body(), view.topic(), view.properties());
        buffer.position(buffer.position() + view.totalSize());
        return message;
    }

    /** The view, if its record is whole and well formed within {@code limit}; else a {@link ProtocolException}. */
    public static StoredMessageView requireWellFormed(StoredMessageView view, int limit) {
        if (!view.isWellFormed(limit)) {
            throw new ProtocolException("malformed stored message at " + view.index() + " (magic 0x"
                    + Integer.toHexString(limit - view.index() >= 8 ? view.magic() : 0) + ")");
        }
        return view;
    }

    /** Decodes every record of a body; the bytes must end exactly at a record boundary. */
    public static List<StoredMessage> decodeAll(ByteBuffer buffer) {
        List<StoredMessage> messages = new ArrayList<>();
        while (buffer.hasRemaining()) {
            messages.add(decode(buffer));
        }
        return messages;
    }

    private static StoredMessageWriter writerFor(StoredMessage m) {
        return new StoredMessageWriter()
                .queueId(m.queueId()).flag(m.flag()).queueOffset(m.queueOffset())
                .physicalOffset(m.physicalOffset()).sysFlag(m.sysFlag()).bornTimestamp(m.bornTimestamp())
                .bornHost(m.bornHost().ip(), m.bornHost().port()).storeTimestamp(m.storeTimestamp())
                .storeHost(m.storeHost().ip(), m.storeHost().port()).reconsumeTimes(m.reconsumeTimes())
                .preparedTransactionOffset(m.preparedTransactionOffset()).bodyCrc(m.bodyCrc())
                .body(ByteBuffer.wrap(m.body()))
                .topic(ByteBuffer.wrap(m.topic().getBytes(StandardCharsets.UTF_8)))
                .properties(ByteBuffer.wrap(m.properties().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes with the writer, then patches magic and topic-length width when V2 was asked for a short topic. */
    private static int writeWithMagic(StoredMessageWriter writer, int magic, ByteBuffer out) {
        if (magic == writer.magic()) {
            return writer.writeTo(out, 0);
        }
        if (magic != StoredMessageLayout.MAGIC_V2) {
            throw new ProtocolException("topic of " + writer.topicLength() + " bytes needs the V2 magic");
        }
        // A short topic in a V2 record: write V1 into a scratch buffer and widen the topic length field.
        ByteBuffer v1 = ByteBuffer.allocate(writer.recordLength());
        writer.writeTo(v1, 0);
        StoredMessageView view = new StoredMessageView().wrap(v1, 0);
        int topicLengthIndex = view.topicIndex() - 1;
        out.put(0, v1, 0, topicLengthIndex);
        out.putInt(StoredMessageLayout.TOTAL_SIZE_OFFSET, out.capacity());
        out.putInt(StoredMessageLayout.MAGIC_OFFSET, StoredMessageLayout.MAGIC_V2);
        out.putShort(topicLengthIndex, (short) view.topicLength());
        out.put(topicLengthIndex + 2, v1, topicLengthIndex + 1, v1.capacity() - topicLengthIndex - 1);
        return out.capacity();
    }
}
