/**
 * The Prometheus endpoint shared by the name server, the broker and standalone: configuration keys named as
 * in RocketMQ 5 ({@link io.apogee.metrics.MetricsConfig}) and the registry with its HTTP server
 * ({@link io.apogee.metrics.MetricsEndpoint}). What each server counts lives next to the code it counts.
 */
package io.apogee.metrics;
