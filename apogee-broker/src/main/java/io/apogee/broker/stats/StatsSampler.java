package io.apogee.broker.stats;

import io.apogee.common.schedule.PeriodicTasks;

/** Samples the broker's statistics every {@link BrokerStats#SAMPLE_MILLIS} ms on a timer thread of its own. */
public final class StatsSampler implements AutoCloseable {

    private final PeriodicTasks tasks = new PeriodicTasks("broker-stats-sampler");

    public StatsSampler(BrokerStats stats) {
        tasks.every(BrokerStats.SAMPLE_MILLIS, "statistics sampling", stats::sample);
    }

    @Override
    public void close() {
        tasks.close();
    }
}
