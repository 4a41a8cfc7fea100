package io.apogee.client.message;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.protocol.message.OffsetMessageId;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.protocol.message.StoredMessageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a pull response body (stored records back to back) into {@link MessageExt}s, decompressing
 * bodies that were compressed.
 *
 * <p>This is the consumer's hot path, so it reads each record in place through one
 * {@link StoredMessageView} and decodes the fields that usually repeat from record to record of a body
 * (topic, born host, store host) once per run of equal bytes rather than once per message. Each message
 * keeps its properties as the record's bytes, decoded when first asked for (most listeners read only the
 * body), and the offset message id is encoded only when asked for.
 *
 * <p>A record that a RocketMQ 5 broker stored whole from a batch sent to a BatchCQ topic (sysFlag
 * {@code INNER_BATCH} and {@code NEED_UNWRAP}, its body a batch of section 4.4) becomes its messages: each
 * keeps its own flag, properties and body, takes the record's queue, hosts and times, and the queue offset
 * of the record plus its place in the batch, as the official client delivers them.
 *
 * <p>Thread safety: stateless; any thread.
 */
public final class MessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDecoder.class);

    private MessageDecoder() {
    }

    /** Every record of the body; the bytes must end exactly at a record boundary. */
    public static List<MessageExt> decodeAll(byte[] body, String brokerName) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        StoredMessageView view = new StoredMessageView();
        Repeats repeats = new Repeats();
        List<MessageExt> messages = new ArrayList<>();
        for (int at = 0; at < body.length; at += view.totalSize()) {
            StoredMessageCodec.requireWellFormed(view.wrap(buffer, at), body.length);
            if (InnerBatch.isInnerBatch(view.sysFlag())) {
                unwrap(toMessage(view, body, brokerName, repeats, false), body, view.bodyIndex(), view.bodyLength(),
                        messages);
            } else {
                messages.add(toMessage(view, body, brokerName, repeats, true));
            }
        }
        return messages;
    }

    /**
     * Adds the messages of an inner batch, whose record was decoded into {@code batch} without its body, to
     * {@code into}. They are read in place from the body's {@code length} bytes at {@code from} of the pull
     * body {@code bytes}, each with its own properties bytes; a body that is not a well-formed batch is
     * delivered as the one message it is, with a log line, so a damaged record cannot stall its queue.
     */
    private static void unwrap(MessageExt batch, byte[] bytes, int from, int length, List<MessageExt> into) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int end = from + length;
        try {
            InnerBatch.count(buffer, from, end);
        } catch (ProtocolException e) {
            LOG.warn("Record at commit-log offset {} of {} is marked as an inner batch but its body is not one ({});"
                    + " delivered whole", batch.getCommitLogOffset(), batch.getTopic(), e.getMessage());
            batch.setBody(Arrays.copyOfRange(bytes, from, end));
            into.add(batch);
            return;
        }
        String offsetMsgId = batch.getOffsetMsgId();
        long queueOffset = batch.getQueueOffset();
        for (int at = from; at < end; at += buffer.getInt(at + BatchMessageCodec.TOTAL_SIZE_OFFSET)) {
            int bodyAt = at + BatchMessageCodec.BODY_OFFSET;
            int propertiesAt = BatchMessageCodec.propertiesLengthIndex(buffer, at);
            int propertiesFrom = propertiesAt + 2;
            MessageExt m = new MessageExt(Arrays.copyOfRange(bytes, propertiesFrom,
                    propertiesFrom + (buffer.getShort(propertiesAt) & 0xFFFF)));
            m.setTopic(batch.getTopic());
            m.setFlag(buffer.getInt(at + BatchMessageCodec.FLAG_OFFSET));
            m.setBody(Arrays.copyOfRange(bytes, bodyAt, propertiesAt));
            m.setBrokerName(batch.getBrokerName());
            m.setQueueId(batch.getQueueId());
            m.setQueueOffset(queueOffset++);
            m.setCommitLogOffset(batch.getCommitLogOffset());
            m.setSysFlag(batch.getSysFlag());
            m.setBornTimestamp(batch.getBornTimestamp());
            m.setStoreTimestamp(batch.getStoreTimestamp());
            m.setBornHost(batch.getBornHost());
            m.setStoreHost(batch.getStoreHost());
            m.setReconsumeTimes(batch.getReconsumeTimes());
            m.setOffsetMsgId(offsetMsgId);
            into.add(m);
        }
    }

    /** The first record of the body, as a broker's transaction check carries one. */
    public static MessageExt decodeFirst(byte[] body, String brokerName) {
        StoredMessageView view = new StoredMessageView().wrap(ByteBuffer.wrap(body), 0);
        return toMessage(StoredMessageCodec.requireWellFormed(view, body.length), body, brokerName, new Repeats(),
                true);
    }

    /** The record in {@code view} as a message; its body is left out unless {@code withBody}. */
    private static MessageExt toMessage(StoredMessageView view, byte[] body, String brokerName, Repeats repeats,
                                        boolean withBody) {
        int propertiesAt = view.propertiesIndex();
        MessageExt m = new MessageExt(Arrays.copyOfRange(body, propertiesAt, propertiesAt + view.propertiesLength()));
        int sysFlag = view.sysFlag();
        m.setTopic(repeats.topic.get(body, view.topicIndex(), view.topicLength(), MessageDecoder::utf8));
        m.setFlag(view.flag());
        boolean compressed = (sysFlag & MessageSysFlag.COMPRESSED_FLAG) != 0;
        if (withBody) {
            m.setBody(compressed ? BodyCompression.decompress(view.body(), sysFlag) : view.body());
        }
        m.setBrokerName(brokerName);
        m.setQueueId(view.queueId());
        m.setQueueOffset(view.queueOffset());
        m.setCommitLogOffset(view.physicalOffset());
        m.setSysFlag(sysFlag);
        m.setBornTimestamp(view.bornTimestamp());
        m.setStoreTimestamp(view.storeTimestamp());
        m.setBornHost(repeats.bornHost.get(body, view.bornHostIndex(), MessageSysFlag.bornHostLength(sysFlag),
                (bytes, at, length) -> host(bytes, at, length).toString()));
        StoreHost storeHost = repeats.storeHost.get(body, view.storeHostIndex(),
                MessageSysFlag.storeHostLength(sysFlag), StoreHost::of);
        m.setStoreHost(storeHost.text());
        m.setReconsumeTimes(view.reconsumeTimes());
        m.setBodyCRC(view.bodyCrc());
        m.offsetMsgIdFrom(storeHost.idPart());
        return m;
    }

    private static String utf8(byte[] bytes, int at, int length) {
        return new String(bytes, at, length, StandardCharsets.UTF_8);
    }

    private static HostAddress host(byte[] bytes, int at, int length) {
        return new HostAddress(Arrays.copyOfRange(bytes, at, at + length - 4),
                ByteBuffer.wrap(bytes).getInt(at + length - 4));
    }

    /** A store host as a message shows it, and the part of offset message ids it gives. */
    private record StoreHost(String text, String idPart) {
        static StoreHost of(byte[] bytes, int at, int length) {
            HostAddress host = host(bytes, at, length);
            return new StoreHost(host.toString(), OffsetMessageId.hostPart(host));
        }
    }

    /** Decodes a field from {@code length} bytes at {@code at}. */
    private interface FieldDecoder<T> {
        T decode(byte[] bytes, int at, int length);
    }

    /** The last value decoded for one field, kept while the next records carry the same bytes. */
    private static final class Repeated<T> {
        private int at = -1;
        private int length;
        private T value;

        T get(byte[] bytes, int at, int length, FieldDecoder<T> decoder) {
            if (this.at < 0 || length != this.length || !sameBytes(bytes, this.at, at, length)) {
                value = decoder.decode(bytes, at, length);
                this.at = at;
                this.length = length;
            }
            return value;
        }

        /**
         * Compared from the last byte back: values that differ from message to message (a client message
         * id, a sequence) usually differ at their end, and the fields compared are short.
         */
        private static boolean sameBytes(byte[] bytes, int a, int b, int length) {
            for (int i = length - 1; i >= 0; i--) {
                if (bytes[a + i] != bytes[b + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The fields of one body's records that usually repeat from record to record. */
    private static final class Repeats {
        final Repeated<String> topic = new Repeated<>();
        final Repeated<String> bornHost = new Repeated<>();
        final Repeated<StoreHost> storeHost = new Repeated<>();
    }
}
