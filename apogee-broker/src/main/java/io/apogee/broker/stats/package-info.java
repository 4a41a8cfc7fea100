/**
 * The broker's traffic statistics: messages and bytes put per topic and got per consumer group and topic,
 * and the broker's totals, over the last minute, hour and day. Request threads count with a few adder
 * increments; a sampler reads the counters every ten seconds. This is what admin answers
 * (VIEW_BROKER_STATS_DATA, GET_BROKER_RUNTIME_INFO, consume TPS) read.
 */
package io.apogee.broker.stats;
