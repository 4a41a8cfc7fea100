/**
 * Connections and what both ends share: the pipeline, in-flight requests, hooks, connection events
 * and the endpoint's counters.
 */
package io.apogee.remoting.connection;
