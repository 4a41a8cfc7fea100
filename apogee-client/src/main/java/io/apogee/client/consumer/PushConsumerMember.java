package io.apogee.client.consumer;

import io.apogee.client.instance.ConsumerMember;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;

import java.util.Set;

/**
 * A push consumer as its client instance sees it. Thread safety: delegates to thread-safe parts.
 */
final class PushConsumerMember implements ConsumerMember {

    private final PushConsumer consumer;

    PushConsumerMember(PushConsumer consumer) {
        this.consumer = consumer;
    }

    @Override public String group() { return consumer.getConsumerGroup(); }
    @Override public ConsumeType consumeType() { return ConsumeType.CONSUME_PASSIVELY; }
    @Override public MessageModel messageModel() { return consumer.getMessageModel(); }
    @Override public ConsumeFromWhere consumeFromWhere() { return consumer.getConsumeFromWhere(); }

    @Override
    public Set<SubscriptionData> subscriptions() {
        return Set.copyOf(consumer.rebalancer().subscriptions().values());
    }

    @Override
    public void updateTopicSubscribeInfo(String topic, Set<MessageQueue> queues) {
        consumer.rebalancer().setTopicQueues(topic, queues);
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
    public void adjustThreadPool() {
        consumer.adjustThreadPool();
    }
}
