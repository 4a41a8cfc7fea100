package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * Every subscription group of a broker with the table's data version: the body of a
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG answer, and the layout of the broker's subscription-group file.
 * Immutable apart from its map.
 */
public record SubscriptionGroupWrapper(Map<String, SubscriptionGroupConfig> subscriptionGroupTable,
                                       DataVersion dataVersion) {

    public SubscriptionGroupWrapper {
        subscriptionGroupTable = subscriptionGroupTable == null ? new HashMap<>() : subscriptionGroupTable;
    }
}
