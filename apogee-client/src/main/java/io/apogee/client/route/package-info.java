/**
 * Which queue a send goes to: a topic's writable queues and the brokers held back after failures.
 */
package io.apogee.client.route;
