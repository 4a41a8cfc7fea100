package io.apogee.protocol.body;

import java.util.ArrayList;
import java.util.List;

/** The GET_CONSUMER_LIST_BY_GROUP answer: the client ids of a group's consumers. */
public record ConsumerIdList(List<String> consumerIdList) {

    public ConsumerIdList {
        consumerIdList = consumerIdList == null ? new ArrayList<>() : consumerIdList;
    }
}
