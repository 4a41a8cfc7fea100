package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.MessageQueue;

/**
 * Where a consumer starts reading a queue: its stored offset when it has one; else the end of the
 * queue (CONSUME_FROM_LAST_OFFSET), its start (CONSUME_FROM_FIRST_OFFSET) or the first message
 * stored after {@code consumeTimestamp} (CONSUME_FROM_TIMESTAMP). Retry topics always start at
 * their beginning.
 *
 * <p>Thread safety: stateless.
 */
final class StartOffsets {

    private StartOffsets() {
    }

    static long compute(ClientInstance instance, OffsetStore offsets, MessageQueue queue, ConsumeFromWhere where,
                        long timestamp) {
        long stored = offsets.readOffset(queue, ReadOffsetType.READ_FROM_STORE);
        if (stored >= 0) {
            return stored;
        }
        if (queue.topic().startsWith(PushConsumer.RETRY_GROUP_TOPIC_PREFIX)) {
            return 0;
        }
        long timeout = instance.options().getMqClientApiTimeout();
        String address = instance.brokers().masterAddress(queue.brokerName());
        return switch (where) {
            case CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_MIN_OFFSET -> 0;
            case CONSUME_FROM_TIMESTAMP -> instance.brokerApi().searchOffset(address, queue, timestamp, timeout);
            default -> instance.brokerApi().maxOffset(address, queue, timeout);
        };
    }
}
