package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

/**
 * What a concurrent listener knows about its call: the queue the messages came from, and the delay
 * level it may set for a redelivery (0 lets the broker choose from the reconsume count).
 *
 * <p>Thread safety: one per listener call; not shared.
 */
public final class ConsumeConcurrentlyContext {

    private final MessageQueue messageQueue;
    private int delayLevelWhenNextConsume;

    public ConsumeConcurrentlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    public MessageQueue getMessageQueue() { return messageQueue; }
    public int getDelayLevelWhenNextConsume() { return delayLevelWhenNextConsume; }
    public void setDelayLevelWhenNextConsume(int level) { this.delayLevelWhenNextConsume = level; }
}
