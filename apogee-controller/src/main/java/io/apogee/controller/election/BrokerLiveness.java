package io.apogee.controller.election;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The brokers' heartbeats as this controller heard them. Kept in memory only: a heartbeat is not worth a log
 * entry, and a new leader simply gives every broker one heartbeat timeout from the moment it took over (it
 * cannot know what the old leader heard), so a takeover never elects over a master that is still alive.
 *
 * <p>Thread safety: request threads record heartbeats, the election scan reads them; lock-free.
 */
public final class BrokerLiveness {

    /** The last heartbeat of one broker. */
    public record Beat(long atMillis, long timeoutMillis, int epoch, long maxOffset, int electionPriority) {
    }

    private final Map<String, Map<Long, Beat>> beats = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final long defaultTimeoutMillis;

    public BrokerLiveness(LongSupplier clock, long defaultTimeoutMillis) {
        this.clock = clock;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
    }

    /**
     * Records a heartbeat now.
     *
     * @param timeoutMillis the broker's own timeout, or null for the controller's default
     * @param electionPriority lower wins; null when the broker sent none
     */
    public void heard(String brokerName, long brokerId, Long timeoutMillis, Integer epoch, Long maxOffset,
                      Integer electionPriority) {
        long timeout = timeoutMillis != null && timeoutMillis > 0 ? timeoutMillis : defaultTimeoutMillis;
        beats.computeIfAbsent(brokerName, k -> new ConcurrentHashMap<>()).put(brokerId, new Beat(clock.getAsLong(),
                timeout, epoch == null ? 0 : epoch, maxOffset == null ? 0 : maxOffset,
                electionPriority == null ? Integer.MAX_VALUE : electionPriority));
    }

    /** The last heartbeat of a broker, or null. */
    public Beat beat(String brokerName, long brokerId) {
        Map<Long, Beat> group = beats.get(brokerName);
        return group == null ? null : group.get(brokerId);
    }

    /**
     * Whether a broker is alive: heard within its timeout, counting a heartbeat from before {@code sinceMillis}
     * (when this controller became leader) as heard then.
     */
    public boolean alive(String brokerName, long brokerId, long sinceMillis) {
        Beat beat = beat(brokerName, brokerId);
        long last = Math.max(beat == null ? Long.MIN_VALUE : beat.atMillis(), sinceMillis);
        long timeout = beat == null ? defaultTimeoutMillis : beat.timeoutMillis();
        return last != Long.MAX_VALUE && clock.getAsLong() - last <= timeout;
    }

    /** Forgets a broker group, e.g. when an admin cleans its metadata. */
    public void forget(String brokerName) {
        beats.remove(brokerName);
    }
}
