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

    /**
     * The last heartbeat of one broker.
     *
     * @param connection what it arrived over, so that its close can shorten the wait; null when unknown
     */
    public record Beat(long atMillis, long timeoutMillis, int epoch, long maxOffset, int electionPriority,
                       Object connection) {
    }

    /**
     * How long past the end of a master's lease a broker whose connection closed still counts as alive: covers
     * the two processes' clocks running at slightly different rates.
     */
    static final long CLOSED_MARGIN_MILLIS = 250;

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
                      Integer electionPriority, Object connection) {
        long timeout = timeoutMillis != null && timeoutMillis > 0 ? timeoutMillis : defaultTimeoutMillis;
        beats.computeIfAbsent(brokerName, k -> new ConcurrentHashMap<>()).put(brokerId, new Beat(clock.getAsLong(),
                timeout, epoch == null ? 0 : epoch, maxOffset == null ? 0 : maxOffset,
                electionPriority == null ? Integer.MAX_VALUE : electionPriority, connection));
    }

    /**
     * The connection the heartbeats of some brokers came over closed, which usually means their process died:
     * each of them now counts as lost as soon as its lease as a master has surely run out (half its timeout after
     * its last heartbeat, plus a margin) instead of a whole timeout after it. A broker that is in fact alive
     * reconnects and its next heartbeat restores the full timeout.
     *
     * @return the milliseconds until the last of them counts as lost (at least 0), so the caller can look for
     *         lost masters then; -1 when no heartbeat came over it
     */
    public long connectionClosed(Object connection) {
        long now = clock.getAsLong();
        long wait = -1;
        for (Map<Long, Beat> group : beats.values()) {
            for (Map.Entry<Long, Beat> entry : group.entrySet()) {
                Beat beat = entry.getValue();
                if (beat.connection() != connection) {
                    continue;
                }
                long shortened = Math.min(beat.timeoutMillis(), beat.timeoutMillis() / 2 + CLOSED_MARGIN_MILLIS);
                Beat closed = new Beat(beat.atMillis(), shortened, beat.epoch(), beat.maxOffset(),
                        beat.electionPriority(), null);
                if (group.replace(entry.getKey(), beat, closed)) {
                    wait = Math.max(wait, Math.max(0, beat.atMillis() + shortened - now));
                }
            }
        }
        return wait;
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
