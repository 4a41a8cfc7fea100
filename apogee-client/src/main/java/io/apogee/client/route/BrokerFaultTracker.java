package io.apogee.client.route;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers brokers that recently failed or answered slowly and keeps them out of queue selection
 * for a while: a send slower than a latency step makes its broker unavailable for the matching
 * duration; a failed send makes it unavailable for the longest one. The steps are RocketMQ's.
 *
 * <p>Thread safety: safe from any thread; one concurrent map.
 */
public final class BrokerFaultTracker {

    private static final long[] LATENCY_STEPS = {50, 100, 550, 1000, 2000, 3000, 15000};
    private static final long[] UNAVAILABLE_FOR = {0, 0, 2000, 5000, 6000, 10000, 30000};
    /** The latency a failed send counts as. */
    public static final long FAILURE_LATENCY = 30_000;

    private final ConcurrentHashMap<String, Long> unavailableUntil = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public BrokerFaultTracker() {
        this(System::currentTimeMillis);
    }

    BrokerFaultTracker(LongSupplier clock) {
        this.clock = clock;
    }

    /** Records the outcome of a send to {@code brokerName} that took {@code latencyMillis}. */
    public void record(String brokerName, long latencyMillis, boolean failed) {
        long duration = failed ? UNAVAILABLE_FOR[UNAVAILABLE_FOR.length - 1] : unavailableFor(latencyMillis);
        if (duration <= 0) {
            unavailableUntil.remove(brokerName);
        } else {
            unavailableUntil.put(brokerName, clock.getAsLong() + duration);
        }
    }

    public boolean isAvailable(String brokerName) {
        Long until = unavailableUntil.get(brokerName);
        return until == null || clock.getAsLong() >= until;
    }

    static long unavailableFor(long latencyMillis) {
        for (int i = LATENCY_STEPS.length - 1; i >= 0; i--) {
            if (latencyMillis >= LATENCY_STEPS[i]) {
                return UNAVAILABLE_FOR[i];
            }
        }
        return 0;
    }
}
