package io.apogee.protocol.body;

import io.apogee.protocol.command.LanguageCode;

/**
 * One client connection in a connection-list answer: the client's id, its address as the broker sees it,
 * its language and its version ordinal (RocketMQ's {@code Connection}). Immutable.
 */
public record ClientConnection(String clientId, String clientAddr, LanguageCode language, int version) {
}
