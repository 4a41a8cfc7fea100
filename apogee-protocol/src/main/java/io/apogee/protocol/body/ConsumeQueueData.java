package io.apogee.protocol.body;

/**
 * One consume-queue entry in a QUERY_CONSUME_QUEUE answer: where its message is in the commit log, its
 * size and tags code. The other fields describe RocketMQ's consume-queue extension, which Apogee does not
 * keep: {@code msg} says so. Immutable.
 */
public record ConsumeQueueData(long physicOffset, int physicSize, long tagsCode, String extendDataJson,
                               String bitMap, boolean eval, String msg) {
}
