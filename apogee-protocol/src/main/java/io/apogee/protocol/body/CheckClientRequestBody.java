package io.apogee.protocol.body;

/**
 * The CHECK_CLIENT_CONFIG (46) request body: a consumer starting with a non-tag subscription asks
 * each broker of the topic whether it accepts the subscription before it heartbeats. Immutable.
 */
public record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData) {
}
