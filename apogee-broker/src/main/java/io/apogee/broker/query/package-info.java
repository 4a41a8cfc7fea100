/**
 * Questions about stored messages: queue offsets and times, a message by offset, id or key.
 */
package io.apogee.broker.query;
