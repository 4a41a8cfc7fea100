/**
 * Apogee's Java client: what every producer and consumer shares (options, life-cycle states, the
 * one unchecked exception). Producers, consumers and admin live in the sub-packages.
 */
package io.apogee.client;
