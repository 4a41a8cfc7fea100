package io.apogee.client.message;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageProperties;
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
import java.util.Map;

/**
 * Turns a pull response body (stored records back to back) into {@link MessageExt}s, decompressing
 * bodies that were compressed.
 *
 * <p>This is the consumer's hot path, so it reads each record in place through one
 * {@link StoredMessageView} and decodes the fields that usually repeat from record to record of a body
 * (topic, born host, store host, property names and many values) once per run of equal bytes rather
 * than once per message. The offset message id is encoded only when asked for.
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

    /** Properties beyond this many in a record are decoded without remembering them. */
    private static final int REMEMBERED_PROPERTIES = 32;

    private MessageDecoder() {
    }

    /** Every record of the body; the bytes must end exactly at a record boundary. */
    public static List<MessageExt> decodeAll(byte[] body, String brokerName) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        StoredMessageView view = new StoredMessageView();
        Repeats repeats = new Repeats(body);
        List<MessageExt> messages = new ArrayList<>();
        for (int at = 0; at < body.length; at += view.totalSize()) {
            StoredMessageCodec.requireWellFormed(view.wrap(buffer, at), body.length);
            if (InnerBatch.isInnerBatch(view.sysFlag())) {
                unwrap(toMessage(view, body, brokerName, repeats, false), body, view.bodyIndex(), view.bodyLength(),
                        repeats, messages);
            } else {
                messages.add(toMessage(view, body, brokerName, repeats, true));
            }
        }
        return messages;
    }

    /**
     * Adds the messages of an inner batch, whose record was decoded into {@code batch} without its body, to
     * {@code into}. They are read in place from the body's {@code length} bytes at {@code from} of the pull
     * body {@code bytes}, with property names and values that repeat decoded once; a body that is not a
     * well-formed batch is delivered as the one message it is, with a log line, so a damaged record cannot
     * stall its queue.
     */
    private static void unwrap(MessageExt batch, byte[] bytes, int from, int length, Repeats repeats,
                               List<MessageExt> into) {
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
            MessageExt m = new MessageExt();
            m.setTopic(batch.getTopic());
            m.setFlag(buffer.getInt(at + BatchMessageCodec.FLAG_OFFSET));
            m.setBody(Arrays.copyOfRange(bytes, bodyAt, propertiesAt));
            repeats.into = m.getProperties();
            MessageProperties.scan(bytes, propertiesAt + 2, buffer.getShort(propertiesAt) & 0xFFFF, repeats);
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
        return toMessage(StoredMessageCodec.requireWellFormed(view, body.length), body, brokerName, new Repeats(body),
                true);
    }

    /** The record in {@code view} as a message; its body is left out unless {@code withBody}. */
    private static MessageExt toMessage(StoredMessageView view, byte[] body, String brokerName, Repeats repeats,
                                        boolean withBody) {
        MessageExt m = new MessageExt();
        int sysFlag = view.sysFlag();
        m.setTopic(repeats.topic.get(body, view.topicIndex(), view.topicLength(), MessageDecoder::utf8));
        m.setFlag(view.flag());
        repeats.into = m.getProperties();
        MessageProperties.scan(body, view.propertiesIndex(), view.propertiesLength(), repeats);
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

    /**
     * The repeating fields of one body; property names and values by their place in the record. As the
     * {@link MessageProperties.Spans} of a scan it puts each property into {@link #into}, reusing the
     * strings of the record before where the bytes are the same.
     */
    private static final class Repeats implements MessageProperties.Spans {
        final Repeated<String> topic = new Repeated<>();
        final Repeated<String> bornHost = new Repeated<>();
        final Repeated<StoreHost> storeHost = new Repeated<>();
        @SuppressWarnings("unchecked")
        private final Repeated<String>[] names = new Repeated[REMEMBERED_PROPERTIES];
        @SuppressWarnings("unchecked")
        private final Repeated<String>[] values = new Repeated[REMEMBERED_PROPERTIES];
        private final byte[] bytes;
        /** The properties map of the record being decoded. */
        Map<String, String> into;

        Repeats(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void property(int index, int nameAt, int nameLength, int valueAt, int valueLength) {
            into.put(at(names, index).get(bytes, nameAt, nameLength, MessageDecoder::utf8),
                    at(values, index).get(bytes, valueAt, valueLength, MessageDecoder::utf8));
        }

        private static Repeated<String> at(Repeated<String>[] remembered, int index) {
            if (index >= REMEMBERED_PROPERTIES) {
                return new Repeated<>();
            }
            Repeated<String> repeated = remembered[index];
            if (repeated == null) {
                repeated = new Repeated<>();
                remembered[index] = repeated;
            }
            return repeated;
        }
    }
}
