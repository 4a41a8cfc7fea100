/**
 * Registration with name servers: which topics this broker hosts, sent at start, periodically and
 * after a topic change.
 */
package io.apogee.broker.registration;
