/**
 * Transactional messages: half messages, commits and rollbacks, and the checks of producers that
 * left a transaction undecided.
 */
package io.apogee.broker.transaction;
