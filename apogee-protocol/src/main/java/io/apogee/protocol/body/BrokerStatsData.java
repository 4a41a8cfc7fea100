package io.apogee.protocol.body;

/** The VIEW_BROKER_STATS_DATA answer: one statistic over the last minute, hour and day. Immutable. */
public record BrokerStatsData(BrokerStatsItem statsMinute, BrokerStatsItem statsHour, BrokerStatsItem statsDay) {
}
