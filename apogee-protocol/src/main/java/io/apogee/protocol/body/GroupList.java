package io.apogee.protocol.body;

import java.util.HashSet;
import java.util.Set;

/** The QUERY_TOPIC_CONSUME_BY_WHO answer: the consumer groups of a topic. */
public record GroupList(Set<String> groupList) {

    public GroupList {
        groupList = groupList == null ? new HashSet<>() : groupList;
    }
}
