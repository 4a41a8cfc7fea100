package io.apogee.store.commitlog;

import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.message.StoredMessageWriter;
import io.apogee.store.AppendRequest;

import java.nio.ByteBuffer;

/**
 * Turns an append request, or one record of a batch, into the stored layout: first {@code prepare…} sizes the
 * record (with the broker's extra properties joined to the message's own), then {@link #encode} writes it once
 * the store-side fields (queue offset, physical offset, store time) are known.
 *
 * <p>Thread safety: none; the commit log uses it under its write lock.
 */
final class RecordEncoder {

    private final StoredMessageWriter writer = new StoredMessageWriter();
    private final byte[] storeHostIp;
    private final int storePort;

    RecordEncoder(byte[] storeHostIp, int storePort) {
        this.storeHostIp = storeHostIp.clone();
        this.storePort = storePort;
    }

    /** Prepares a single message's record; returns its stored length, or -1 when its properties are too long. */
    int prepareSingle(AppendRequest request, ByteBuffer topic, int extraLength) {
        ByteBuffer properties = request.properties;
        int propertiesLength = properties == null ? 0 : properties.remaining();
        return prepare(request, topic, request.body, properties, propertiesLength, extraLength);
    }

    /**
     * Points {@code body} and {@code properties} (views of the batch) at the batch record at {@code at} and
     * prepares it; returns its stored length, or -1 when its properties are too long.
     */
    int prepareBatchRecord(ByteBuffer batch, int at, ByteBuffer body, ByteBuffer properties, ByteBuffer topic,
                           AppendRequest request, int extraLength) {
        int bodyLength = batch.getInt(at + BatchMessageCodec.BODY_LENGTH_OFFSET);
        int propertiesAt = BatchMessageCodec.propertiesLengthIndex(batch, at);
        int propertiesLength = batch.getShort(propertiesAt) & 0xFFFF;
        body.limit(at + BatchMessageCodec.BODY_OFFSET + bodyLength).position(at + BatchMessageCodec.BODY_OFFSET);
        properties.limit(propertiesAt + 2 + propertiesLength).position(propertiesAt + 2);
        int length = prepare(request, topic, body, properties, propertiesLength, extraLength);
        writer.flag(batch.getInt(at + BatchMessageCodec.FLAG_OFFSET));
        return length;
    }

    private int prepare(AppendRequest request, ByteBuffer topic, ByteBuffer body, ByteBuffer properties,
                        int propertiesLength, int extraLength) {
        int joinLength = joinLength(properties, propertiesLength, extraLength);
        if (joinLength > MessageProperties.MAX_STORED_LENGTH) {
            return -1;
        }
        writer.reset().queueId(request.queueId).flag(request.flag).sysFlag(request.sysFlag)
                .bornTimestamp(request.bornTimestamp).bornHost(request.bornHostIp, request.bornPort)
                .storeHost(storeHostIp, storePort).reconsumeTimes(request.reconsumeTimes)
                .preparedTransactionOffset(request.preparedTransactionOffset).body(body)
                .topic(topic).properties(properties);
        return writer.recordLength() + (joinLength - writer.propertiesLength());
    }

    /** Properties length once {@code extra} is appended, with a separator added if the first part lacks one. */
    private static int joinLength(ByteBuffer properties, int length, int extraLength) {
        if (extraLength == 0) {
            return length;
        }
        boolean needsSeparator = length > 0
                && properties.get(properties.position() + length - 1) != MessageProperties.PROPERTY_SEPARATOR;
        return length + (needsSeparator ? 1 : 0) + extraLength;
    }

    /**
     * Encodes the prepared record at {@code index} of {@code target}, with the request's extra properties after
     * {@code properties} (the record's own), and returns its length.
     */
    int encode(ByteBuffer target, int index, AppendRequest request, long queueOffset, long physicalOffset,
               ByteBuffer properties) {
        writer.queueOffset(queueOffset).physicalOffset(physicalOffset).storeTimestamp(request.storeTimestamp)
                .computeBodyCrc();
        int length = writer.writeTo(target, index);
        ByteBuffer extra = request.extraProperties;
        if (extra == null || extra.remaining() == 0) {
            return length;
        }
        // Append the extra properties after the record's own and widen the two length fields.
        int propertiesLength = writer.propertiesLength();
        int propertiesEnd = index + length;
        int added = 0;
        if (propertiesLength > 0 && properties.get(properties.limit() - 1) != MessageProperties.PROPERTY_SEPARATOR) {
            target.put(propertiesEnd, (byte) MessageProperties.PROPERTY_SEPARATOR);
            added = 1;
        }
        target.put(propertiesEnd + added, extra, extra.position(), extra.remaining());
        added += extra.remaining();
        target.putShort(propertiesEnd - propertiesLength - 2, (short) (propertiesLength + added));
        target.putInt(index + StoredMessageLayout.TOTAL_SIZE_OFFSET, length + added);
        return length + added;
    }
}
