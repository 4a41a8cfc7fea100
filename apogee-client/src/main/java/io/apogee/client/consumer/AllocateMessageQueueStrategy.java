package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * Decides which of a topic's queues one member of a clustering group consumes. Every member runs
 * it on the same sorted inputs, so the results must be a partition: each queue to exactly one
 * member. Called on the rebalance thread.
 */
public interface AllocateMessageQueueStrategy {

    /**
     * @param mqAll  every queue of the topic, sorted
     * @param cidAll every member's client id, sorted
     */
    List<MessageQueue> allocate(String consumerGroup, String currentCID, List<MessageQueue> mqAll, List<String> cidAll);

    String getName();
}
