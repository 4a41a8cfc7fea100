package io.apogee.client.instance;

import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;

import java.util.Map;
import java.util.Set;

/**
 * What a client instance needs from a consumer registered with it: what to put in heartbeats,
 * where to deliver fresh routes, and the periodic work it drives (rebalance, offset persistence,
 * thread-pool sizing).
 *
 * <p>Thread safety: implementations are called from the instance's scheduler and rebalance
 * threads concurrently with consumption, so they must be thread-safe.
 */
public interface ConsumerMember {

    String group();

    ConsumeType consumeType();

    MessageModel messageModel();

    ConsumeFromWhere consumeFromWhere();

    Set<SubscriptionData> subscriptions();

    /** Installs the readable queues of a subscribed topic. */
    void updateTopicSubscribeInfo(String topic, Set<MessageQueue> queues);

    /** Redistributes queues among the group's members; called on the rebalance thread. */
    void doRebalance();

    /** Writes consumed offsets to where the consumer keeps them. */
    void persistConsumerOffset();

    /**
     * Moves this member to offsets an administrator reset on a broker (RESET_CONSUMER_CLIENT_OFFSET), which the
     * broker has already committed: the member lets go of those queues and takes them up again from there.
     * Called on a transport thread; the default, for consumers that keep no queues, does nothing.
     */
    default void resetOffsets(String topic, Map<MessageQueue, Long> offsets) {
    }

    /** Resizes the consume thread pool to the backlog; the default does nothing. */
    default void adjustThreadPool() {
    }
}
