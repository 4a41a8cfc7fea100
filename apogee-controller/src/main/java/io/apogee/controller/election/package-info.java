/**
 * What only the leader controller knows and decides: which brokers are alive (their heartbeats, never written to
 * the log) and which replica becomes master when a master is lost.
 */
package io.apogee.controller.election;
