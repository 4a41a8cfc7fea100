package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * Deals queues to members like cards: member i gets queues i, i + n, i + 2n, ... for n members.
 *
 * <p>Thread safety: stateless.
 */
public final class AllocateMessageQueueAveragelyByCircle implements AllocateMessageQueueStrategy {

    @Override
    public List<MessageQueue> allocate(String consumerGroup, String currentCID, List<MessageQueue> mqAll,
                                       List<String> cidAll) {
        int index = cidAll.indexOf(currentCID);
        List<MessageQueue> mine = new ArrayList<>();
        if (index < 0) {
            return mine;
        }
        for (int i = index; i < mqAll.size(); i += cidAll.size()) {
            mine.add(mqAll.get(i));
        }
        return mine;
    }

    @Override
    public String getName() {
        return "AVG_BY_CIRCLE";
    }
}
