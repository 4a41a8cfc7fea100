package io.apogee.client.producer;

import io.apogee.client.message.BodyCompression;
import io.apogee.client.message.Message;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.message.BatchMessage;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.ClientMessageIdGenerator;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A message (or a batch of them) encoded once for sending: the client id assigned, the body
 * compressed when over the threshold, the properties string and sysFlag fixed. Each attempt then
 * only builds a fresh request for its queue, so retries send identical bytes with a new opaque.
 *
 * <p>Thread safety: immutable after construction.
 */
final class OutgoingMessage {

    private static final ClientMessageIdGenerator IDS = ClientMessageIdGenerator.forThisProcess();

    private final String topic;
    private final byte[] body;
    private final String properties;
    private final int sysFlag;
    private final int flag;
    private final boolean batch;
    private final String msgId;
    private final boolean reply;

    private OutgoingMessage(String topic, byte[] body, String properties, int sysFlag, int flag, boolean batch,
                            String msgId) {
        this.reply = properties.contains(MessageConst.PROPERTY_MESSAGE_TYPE + MessageProperties.NAME_VALUE_SEPARATOR
                + Replies.REPLY_MESSAGE_FLAG + MessageProperties.PROPERTY_SEPARATOR);
        this.topic = topic;
        this.body = body;
        this.properties = properties;
        this.sysFlag = sysFlag;
        this.flag = flag;
        this.batch = batch;
        this.msgId = msgId;
    }

    /** Encodes one message; gives it a client id unless it has one already. */
    static OutgoingMessage single(Message message, int compressOver) {
        assignId(message);
        byte[] body = message.getBody();
        int sysFlag = 0;
        if (body.length > compressOver) {
            byte[] compressed = BodyCompression.compress(body);
            if (compressed.length < body.length) {
                body = compressed;
                sysFlag |= BodyCompression.sysFlagBits();
            }
        }
        if ("true".equals(message.getProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED))) {
            sysFlag |= MessageSysFlag.TRANSACTION_PREPARED_TYPE;
        }
        return new OutgoingMessage(message.getTopic(), body, MessageProperties.encode(message.getProperties()),
                sysFlag, message.getFlag(), false, message.getMsgIdFromProperties());
    }

    /**
     * Encodes messages of one topic into a batch body; each gets a client id, and so does the batch, as the
     * official 5.x producer gives it one: a broker stores a batch with an id whole when its topic is a BatchCQ
     * topic (RocketMQ 5's inner batch) and splits it otherwise.
     */
    static OutgoingMessage batch(Collection<? extends Message> messages) {
        List<BatchMessage> records = new ArrayList<>(messages.size());
        List<String> ids = new ArrayList<>(messages.size());
        String topic = null;
        for (Message message : messages) {
            assignId(message);
            ids.add(message.getMsgIdFromProperties());
            topic = message.getTopic();
            records.add(new BatchMessage(message.getFlag(), message.getBody(),
                    MessageProperties.encode(message.getProperties())));
        }
        String batchProperties = MessageProperties.encode(
                Map.of(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, IDS.next()));
        return new OutgoingMessage(topic, BatchMessageCodec.encode(records), batchProperties, 0, 0, true,
                String.join(",", ids));
    }

    private static void assignId(Message message) {
        if (message.getMsgIdFromProperties() == null) {
            message.putProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, IDS.next());
        }
    }

    /** A fresh request for one attempt to {@code queue}. */
    RemotingCommand request(String producerGroup, MessageQueue queue, int defaultTopicQueueNums) {
        SendMessageRequestHeader header = new SendMessageRequestHeader(producerGroup, topic,
                Producer.AUTO_CREATE_TOPIC_KEY_TOPIC, defaultTopicQueueNums, queue.queueId(), sysFlag,
                System.currentTimeMillis(), flag, properties, 0, false, batch ? Boolean.TRUE : null, null,
                queue.brokerName());
        int code = batch ? RequestCode.SEND_BATCH_MESSAGE
                : reply ? RequestCode.SEND_REPLY_MESSAGE_V2 : RequestCode.SEND_MESSAGE_V2;
        RemotingCommand request = RemotingCommand.request(code);
        return header.applyTo(request).body(body);
    }

    String topic() { return topic; }
    String msgId() { return msgId; }
    int bodyLength() { return body.length; }
}
