package io.apogee.client.message;

import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.protocol.message.OffsetMessageId;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a pull response body (stored records back to back) into {@link MessageExt}s, decompressing
 * bodies that were compressed.
 *
 * <p>Thread safety: stateless; any thread.
 */
public final class MessageDecoder {

    private MessageDecoder() {
    }

    public static List<MessageExt> decodeAll(byte[] body, String brokerName) {
        List<StoredMessage> stored = StoredMessageCodec.decodeAll(ByteBuffer.wrap(body));
        List<MessageExt> messages = new ArrayList<>(stored.size());
        for (StoredMessage s : stored) {
            messages.add(toMessage(s, brokerName));
        }
        return messages;
    }

    /** One stored message as a {@link MessageExt}, its body decompressed if needed. */
    public static MessageExt toMessage(StoredMessage s, String brokerName) {
        MessageExt m = new MessageExt();
        m.setTopic(s.topic());
        m.setFlag(s.flag());
        MessageProperties.decode(s.properties()).forEach(m::putProperty);
        boolean compressed = (s.sysFlag() & MessageSysFlag.COMPRESSED_FLAG) != 0;
        m.setBody(compressed ? BodyCompression.decompress(s.body(), s.sysFlag()) : s.body());
        m.setBrokerName(brokerName);
        m.setQueueId(s.queueId());
        m.setQueueOffset(s.queueOffset());
        m.setCommitLogOffset(s.physicalOffset());
        m.setSysFlag(s.sysFlag());
        m.setBornTimestamp(s.bornTimestamp());
        m.setStoreTimestamp(s.storeTimestamp());
        m.setBornHost(s.bornHost().toString());
        m.setStoreHost(s.storeHost().toString());
        m.setReconsumeTimes(s.reconsumeTimes());
        m.setBodyCRC(s.bodyCrc());
        m.setOffsetMsgId(OffsetMessageId.encode(s.storeHost(), s.physicalOffset()));
        return m;
    }
}
