package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * Gives each member one contiguous block of queues, the first {@code queues % members} members
 * one queue more: with 8 queues and 3 members, 3 + 3 + 2. A member beyond the queue count gets none.
 *
 * <p>Thread safety: stateless.
 */
public final class AllocateMessageQueueAveragely implements AllocateMessageQueueStrategy {

    @Override
    public List<MessageQueue> allocate(String consumerGroup, String currentCID, List<MessageQueue> mqAll,
                                       List<String> cidAll) {
        int index = cidAll.indexOf(currentCID);
        if (index < 0 || mqAll.isEmpty()) {
            return List.of();
        }
        int members = cidAll.size();
        int base = mqAll.size() / members;
        int extra = mqAll.size() % members;
        int count = base + (index < extra ? 1 : 0);
        int start = index * base + Math.min(index, extra);
        return List.copyOf(mqAll.subList(start, start + count));
    }

    @Override
    public String getName() {
        return "AVG";
    }
}
