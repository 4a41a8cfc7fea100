package io.apogee.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The LOCK_BATCH_MQ and UNLOCK_BATCH_MQ request body: the queues a client of a group wants to lock
 * or release on one broker. Both codes share the shape.
 */
public record LockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker,
                                   Set<MessageQueue> mqSet) {

    public LockBatchRequestBody {
        mqSet = mqSet == null ? new LinkedHashSet<>() : mqSet;
    }
}
