/**
 * Orderly consumption's broker side: which client of a group holds each queue, with lock expiry.
 */
package io.apogee.broker.lock;
