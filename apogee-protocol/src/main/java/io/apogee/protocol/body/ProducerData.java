package io.apogee.protocol.body;

/** One producer group of a client, as sent in heartbeats. Immutable. */
public record ProducerData(String groupName) {
}
