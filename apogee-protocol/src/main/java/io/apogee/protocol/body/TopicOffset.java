package io.apogee.protocol.body;

/** One queue's offsets in a topic-stats answer. */
public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
}
