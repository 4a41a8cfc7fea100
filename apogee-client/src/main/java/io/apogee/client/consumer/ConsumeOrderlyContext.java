package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

/**
 * What an orderly listener knows about its call: the queue, and how long to suspend it when the
 * listener asks for a retry. Thread safety: one per call; not shared.
 */
public final class ConsumeOrderlyContext {

    private final MessageQueue messageQueue;
    private long suspendCurrentQueueTimeMillis = -1;

    public ConsumeOrderlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    public MessageQueue getMessageQueue() { return messageQueue; }
    public long getSuspendCurrentQueueTimeMillis() { return suspendCurrentQueueTimeMillis; }
    public void setSuspendCurrentQueueTimeMillis(long millis) { this.suspendCurrentQueueTimeMillis = millis; }
}
