package io.apogee.client.producer;

import io.apogee.client.message.Message;
import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * Chooses the queue of a send, e.g. by a sharding key so that related messages stay in order.
 * Called on the sending thread; must not block.
 */
@FunctionalInterface
public interface MessageQueueSelector {

    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);
}
