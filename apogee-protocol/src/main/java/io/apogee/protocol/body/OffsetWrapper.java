package io.apogee.protocol.body;

/** One queue's broker, consumer and pull offsets in a consume-stats answer. */
public record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
}
