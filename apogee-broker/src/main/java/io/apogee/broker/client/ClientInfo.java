package io.apogee.broker.client;

import io.apogee.protocol.command.LanguageCode;

/**
 * Who a client connection is, from its heartbeats: its client id, language and version ordinal (as its
 * requests carry them) and its address as the broker sees it. Immutable.
 */
public record ClientInfo(String clientId, LanguageCode language, int version, String address) {
}
