package io.apogee.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/** A set of topic names, as GET_ALL_TOPIC_LIST_FROM_NAMESERVER answers; {@code brokerAddr} is optional. */
public record TopicList(Set<String> topicList, String brokerAddr) {

    public TopicList {
        topicList = topicList == null ? new LinkedHashSet<>() : topicList;
    }
}
