package io.apogee.client.consumer;

/** What a concurrent listener says about the messages it was given. */
public enum ConsumeConcurrentlyStatus {
    /** Consumed; the offset may move past them. */
    CONSUME_SUCCESS,
    /** Failed; deliver them again later (through the group's retry topic when the broker supports it). */
    RECONSUME_LATER
}
