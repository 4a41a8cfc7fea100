package io.apogee.client.producer;

import io.apogee.protocol.body.MessageQueue;

/**
 * The answer to a send: how the message was stored, its client id ({@code msgId}, comma-joined for
 * a batch), the broker's offset id, and where it went.
 *
 * @param msgId        the client message id(s) (UNIQ_KEY)
 * @param offsetMsgId  the broker's offset message id(s)
 * @param messageQueue the queue it was stored in
 * @param queueOffset  its offset in that queue (the first one for a batch)
 * @param transactionId the transaction id of a half message, else null
 * @param regionId     the broker's region, when it tells
 */
public record SendResult(SendStatus sendStatus, String msgId, String offsetMsgId, MessageQueue messageQueue,
                         long queueOffset, String transactionId, String regionId) {

    public SendStatus getSendStatus() { return sendStatus; }
    public String getMsgId() { return msgId; }
    public String getOffsetMsgId() { return offsetMsgId; }
    public MessageQueue getMessageQueue() { return messageQueue; }
    public long getQueueOffset() { return queueOffset; }
    public String getTransactionId() { return transactionId; }
}
