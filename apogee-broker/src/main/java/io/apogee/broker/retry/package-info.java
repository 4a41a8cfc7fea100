/**
 * Consumption retries: messages sent back by consumers go to the group's retry topic with a growing
 * delay, and to its dead-letter topic after the last attempt.
 */
package io.apogee.broker.retry;
