package io.apogee.client.consumer;

import io.apogee.protocol.body.ConsumeType;

/** A lite pull consumer as its client instance sees it. Thread safety: delegates to thread-safe parts. */
final class LitePullConsumerMember extends GroupMember {

    private final LitePullConsumer consumer;

    LitePullConsumerMember(LitePullConsumer consumer) {
        super(consumer, ConsumeType.CONSUME_ACTIVELY);
        this.consumer = consumer;
    }

    @Override
    public void doRebalance() {
        if (!consumer.isAssignMode()) {
            consumer.rebalancer().doRebalance();
        }
    }

    @Override
    public void persistConsumerOffset() {
        consumer.persistOnSchedule();
    }
}
