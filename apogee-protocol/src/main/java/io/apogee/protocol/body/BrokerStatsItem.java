package io.apogee.protocol.body;

/**
 * One window of a broker statistic: the total counted in it, that total per second, and the average
 * counted per event (e.g. messages per send). Immutable.
 */
public record BrokerStatsItem(long sum, double tps, double avgpt) {
}
