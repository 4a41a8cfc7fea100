package io.apogee.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/** The LOCK_BATCH_MQ answer: the queues the client now holds; queues not granted are absent. */
public record LockBatchResponseBody(Set<MessageQueue> lockOKMQSet) {

    public LockBatchResponseBody {
        lockOKMQSet = lockOKMQSet == null ? new LinkedHashSet<>() : lockOKMQSet;
    }
}
