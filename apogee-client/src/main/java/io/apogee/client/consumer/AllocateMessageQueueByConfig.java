package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * Consumes exactly the queues configured, whatever the other members do: for deployments that
 * pin queues to members by hand. Every member must be given a disjoint list.
 *
 * <p>Thread safety: immutable.
 */
public final class AllocateMessageQueueByConfig implements AllocateMessageQueueStrategy {

    private final List<MessageQueue> queues;

    public AllocateMessageQueueByConfig(List<MessageQueue> queues) {
        this.queues = List.copyOf(queues);
    }

    @Override
    public List<MessageQueue> allocate(String consumerGroup, String currentCID, List<MessageQueue> mqAll,
                                       List<String> cidAll) {
        return queues.stream().filter(mqAll::contains).toList();
    }

    @Override
    public String getName() {
        return "CONFIG";
    }
}
