package io.apogee.client.consumer;

import io.apogee.client.instance.ConsumerMember;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;

import java.util.Set;

/**
 * What every consumer tells its client instance the same way: its group settings for heartbeats,
 * its subscriptions as its rebalancer holds them, and fresh topic queues handed to that
 * rebalancer. Subclasses add the periodic work, which differs per kind of consumer.
 *
 * <p>Thread safety: reads settings fixed at start and delegates to the thread-safe rebalancer.
 */
abstract class GroupMember implements ConsumerMember {

    private final ConsumerSettings consumer;
    private final ConsumeType consumeType;

    GroupMember(ConsumerSettings consumer, ConsumeType consumeType) {
        this.consumer = consumer;
        this.consumeType = consumeType;
    }

    @Override public String group() { return consumer.getConsumerGroup(); }
    @Override public ConsumeType consumeType() { return consumeType; }
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
}
