package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;

import java.util.List;

/**
 * Consumes each queue's messages in queue order, one call per queue at a time (calls for different
 * queues run in parallel). In a clustering group the consumer holds a broker lock on each queue it
 * consumes, so no other member consumes it meanwhile. A thrown exception counts as
 * {@code SUSPEND_CURRENT_QUEUE_A_MOMENT}.
 */
@FunctionalInterface
public interface MessageListenerOrderly {

    ConsumeOrderlyStatus consumeMessage(List<MessageExt> messages, ConsumeOrderlyContext context);
}
