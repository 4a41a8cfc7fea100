/**
 * Consumers: push and lite pull consumers, queue allocation strategies, rebalancing, offset stores,
 * and the services that run listeners concurrently or in queue order.
 */
package io.apogee.client.consumer;
