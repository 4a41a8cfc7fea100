/**
 * The client instance shared by the producers and consumers of one client id: its transport, routes,
 * broker directory, heartbeats, and the pull and rebalance threads.
 */
package io.apogee.client.instance;
