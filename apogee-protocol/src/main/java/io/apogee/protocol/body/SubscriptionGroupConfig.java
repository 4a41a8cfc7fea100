package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * A consumer group's settings on a broker, as the official admin tool reads and writes them
 * (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, GET_ALL_SUBSCRIPTIONGROUP_CONFIG). {@code groupRetryPolicy}
 * and {@code subscriptionDataSet} are kept as the JSON the tool sent, so they round-trip unchanged.
 * Immutable apart from its attribute map.
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
                                      boolean consumeBroadcastEnable, boolean consumeMessageOrderly,
                                      int retryQueueNums, int retryMaxTimes, Object groupRetryPolicy, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable,
                                      int groupSysFlag, int consumeTimeoutMinute, Object subscriptionDataSet,
                                      Map<String, String> attributes) {

    /** Retries before a message goes to the dead-letter topic, as RocketMQ's default. */
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    public SubscriptionGroupConfig {
        attributes = attributes == null ? new HashMap<>() : attributes;
    }

    /** A group with RocketMQ's defaults: consuming and broadcasting allowed, one retry queue, 16 retries. */
    public static SubscriptionGroupConfig defaults(String groupName) {
        return new SubscriptionGroupConfig(groupName, true, true, true, false, 1, DEFAULT_RETRY_MAX_TIMES, null, 0,
                1, true, 0, 15, null, null);
    }
}
