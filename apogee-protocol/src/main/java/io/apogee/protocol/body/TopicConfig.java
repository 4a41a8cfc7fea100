package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * A topic's configuration on a broker, as registered with name servers. {@code perm} holds the
 * {@code QueueData.PERM_*} bits. Immutable apart from its attribute map.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm,
                          TopicFilterType topicFilterType, int topicSysFlag, boolean order,
                          Map<String, String> attributes) {

    public TopicConfig {
        topicFilterType = topicFilterType == null ? TopicFilterType.SINGLE_TAG : topicFilterType;
        attributes = attributes == null ? new HashMap<>() : attributes;
    }

    /** A plain topic: SINGLE_TAG, no sys flag, not ordered, no attributes. */
    public static TopicConfig of(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, perm, TopicFilterType.SINGLE_TAG, 0,
                false, null);
    }
}
