package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The GET_CONSUMER_CONNECTION_LIST answer: a consumer group's connected clients, its subscriptions by
 * topic, and how it consumes. Immutable apart from its collections.
 */
public record ConsumerConnection(Set<ClientConnection> connectionSet, Map<String, SubscriptionData> subscriptionTable,
                                 ConsumeType consumeType, MessageModel messageModel,
                                 ConsumeFromWhere consumeFromWhere) {

    public ConsumerConnection {
        connectionSet = connectionSet == null ? new HashSet<>() : connectionSet;
        subscriptionTable = subscriptionTable == null ? new HashMap<>() : subscriptionTable;
    }
}
