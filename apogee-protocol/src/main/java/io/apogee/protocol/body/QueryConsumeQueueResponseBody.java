package io.apogee.protocol.body;

import java.util.ArrayList;
import java.util.List;

/**
 * The QUERY_CONSUME_QUEUE answer: entries of one consume queue, the queue's offset range and, when a group
 * was named, its subscription of the topic (or in {@code filterData}, why there is none).
 */
public record QueryConsumeQueueResponseBody(SubscriptionData subscriptionData, String filterData,
                                            List<ConsumeQueueData> queueData, long maxQueueIndex,
                                            long minQueueIndex) {

    public QueryConsumeQueueResponseBody {
        queueData = queueData == null ? new ArrayList<>() : queueData;
    }
}
