package io.apogee.client.consumer;

import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.MessageQueue;

import java.util.Map;

/**
 * A push consumer as its client instance sees it. Thread safety: delegates to thread-safe parts.
 */
final class PushConsumerMember extends GroupMember {

    private final PushConsumer consumer;

    PushConsumerMember(PushConsumer consumer) {
        super(consumer, ConsumeType.CONSUME_PASSIVELY);
        this.consumer = consumer;
    }

    @Override
    public void doRebalance() {
        consumer.doRebalance();
    }

    @Override
    public void persistConsumerOffset() {
        consumer.persistConsumerOffset();
    }

    @Override
    public void resetOffsets(String topic, Map<MessageQueue, Long> offsets) {
        consumer.resetOffsets(offsets);
    }

    @Override
    public void adjustThreadPool() {
        consumer.adjustThreadPool();
    }
}
