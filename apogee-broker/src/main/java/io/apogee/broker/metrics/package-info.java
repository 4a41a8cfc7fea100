/**
 * The broker's Prometheus metrics: RocketMQ 5's names and labels read from the counters the broker already
 * keeps ({@link io.apogee.broker.metrics.BrokerMetrics}), per-topic and per-group series registered as topics
 * and groups appear, and lag computed at scrape time, bounded per topic and group.
 */
package io.apogee.broker.metrics;
