package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;

import java.util.List;

/**
 * Consumes messages on the consumer's thread pool, several calls at once and in no particular
 * order. Must be thread-safe. A thrown exception counts as {@code RECONSUME_LATER}.
 */
@FunctionalInterface
public interface MessageListenerConcurrently {

    ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context);
}
