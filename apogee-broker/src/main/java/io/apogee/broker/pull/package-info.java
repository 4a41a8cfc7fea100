/**
 * Serving pulls: reading a queue filtered by the group's subscription, and long polling (pulls that
 * found nothing wait for the next message of their queue or their suspend time).
 */
package io.apogee.broker.pull;
