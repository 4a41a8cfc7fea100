package io.apogee.broker.stats;

import io.apogee.protocol.body.BrokerStatsItem;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One counter: a running total (messages, bytes) and how many times it was added to, with samples that
 * give its rate over the last ten seconds, minute, ten minutes, hour and day.
 *
 * <p>Thread safety: {@link #add} from any thread, allocation- and lock-free; {@link #sample} and the
 * window readers synchronize on the item, off the hot path.
 */
public final class StatsItem {

    static final long SAMPLE_MILLIS = TimeUnit.SECONDS.toMillis(10);
    static final long MINUTE = TimeUnit.MINUTES.toMillis(1);
    static final long HOUR = TimeUnit.HOURS.toMillis(1);
    static final long DAY = TimeUnit.DAYS.toMillis(1);

    private final LongAdder total = new LongAdder();
    private final LongAdder events = new LongAdder();
    /** Every 10 s for 10 minutes, then every 10 minutes for an hour, then hourly for a day. */
    private final SampleRing seconds = new SampleRing(62, SAMPLE_MILLIS);
    private final SampleRing minutes = new SampleRing(7, TimeUnit.MINUTES.toMillis(10));
    private final SampleRing hours = new SampleRing(25, HOUR);

    /** A counter whose windows start at {@code createdMillis}. */
    StatsItem(long createdMillis) {
        sample(createdMillis);
    }

    /** Counts {@code amount} (e.g. the messages of one send) as one event. */
    public void add(long amount) {
        total.add(amount);
        events.increment();
    }

    /** Everything counted since the broker started. */
    public long total() {
        return total.sum();
    }

    /** How many times something was counted since the broker started. */
    public long events() {
        return events.sum();
    }

    synchronized void sample(long nowMillis) {
        long totalNow = total.sum();
        long eventsNow = events.sum();
        seconds.offer(nowMillis, totalNow, eventsNow);
        minutes.offer(nowMillis, totalNow, eventsNow);
        hours.offer(nowMillis, totalNow, eventsNow);
    }

    /** The counter over the last {@code windowMillis} (up to ten minutes, a minute, an hour or a day). */
    public synchronized BrokerStatsItem window(long nowMillis, long windowMillis) {
        SampleRing ring = windowMillis <= TimeUnit.MINUTES.toMillis(10) ? seconds
                : windowMillis <= HOUR ? minutes : hours;
        int base = ring.baseline(nowMillis, windowMillis);
        if (base < 0) {
            return new BrokerStatsItem(0, 0, 0);
        }
        long sum = total.sum() - ring.total(base);
        long count = events.sum() - ring.events(base);
        // Less than a second of history would give absurd rates: count it as a second.
        long elapsed = Math.max(TimeUnit.SECONDS.toMillis(1), nowMillis - ring.time(base));
        return new BrokerStatsItem(sum, sum * 1000.0 / elapsed, count == 0 ? 0 : (double) sum / count);
    }

    /** The rate per second over the last {@code windowMillis}. */
    public double tps(long nowMillis, long windowMillis) {
        return window(nowMillis, windowMillis).tps();
    }
}
