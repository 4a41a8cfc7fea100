/**
 * Timed messages (delivery at a time): the in-memory index of waiting messages and their delivery.
 */
package io.apogee.broker.timer;
