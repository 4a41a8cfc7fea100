package io.apogee.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/** One consumer group of a client, as sent in heartbeats. Immutable apart from its set. */
public record ConsumerData(String groupName, ConsumeType consumeType, MessageModel messageModel,
                           ConsumeFromWhere consumeFromWhere, Set<SubscriptionData> subscriptionDataSet,
                           boolean unitMode) {

    public ConsumerData {
        subscriptionDataSet = subscriptionDataSet == null ? new LinkedHashSet<>() : subscriptionDataSet;
    }
}
