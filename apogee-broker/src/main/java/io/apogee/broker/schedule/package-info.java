/**
 * Delay levels: messages with a delay level wait in the schedule topic and are moved to their real
 * topic when due; the shared loop of every service that holds messages back until they are due.
 */
package io.apogee.broker.schedule;
