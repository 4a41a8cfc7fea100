package io.apogee.protocol.body;

/** A topic's tag filter kind; RocketMQ only ever uses SINGLE_TAG. JSON carries the name. */
public enum TopicFilterType {
    SINGLE_TAG, MULTI_TAG
}
