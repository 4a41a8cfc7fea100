package io.apogee.broker.stats;

/**
 * The last few samples of a counter taken at least {@code intervalMillis} apart: time, running total and
 * running event count. A window's figures are the counter now minus the oldest sample inside the window.
 *
 * <p>Thread safety: none; its {@link StatsItem} guards it.
 */
final class SampleRing {

    private final long intervalMillis;
    private final long[] times;
    private final long[] totals;
    private final long[] events;
    /** Index of the newest sample; samples run backwards from it, {@link #count} of them. */
    private int newest = -1;
    private int count;

    SampleRing(int capacity, long intervalMillis) {
        this.intervalMillis = intervalMillis;
        this.times = new long[capacity];
        this.totals = new long[capacity];
        this.events = new long[capacity];
    }

    /** Records a sample unless the newest one is less than an interval old. */
    void offer(long nowMillis, long total, long eventCount) {
        if (count > 0 && nowMillis - times[newest] < intervalMillis) {
            return;
        }
        newest = (newest + 1) % times.length;
        times[newest] = nowMillis;
        totals[newest] = total;
        events[newest] = eventCount;
        count = Math.min(count + 1, times.length);
    }

    /**
     * The oldest sample taken within {@code windowMillis} before {@code nowMillis}, or the newest when all
     * are older; -1 when there is none.
     */
    int baseline(long nowMillis, long windowMillis) {
        int found = -1;
        for (int i = 0, at = newest; i < count; i++, at = (at - 1 + times.length) % times.length) {
            if (nowMillis - times[at] > windowMillis) {
                break;
            }
            found = at;
        }
        return found >= 0 || count == 0 ? found : newest;
    }

    long time(int index) {
        return times[index];
    }

    long total(int index) {
        return totals[index];
    }

    long events(int index) {
        return events[index];
    }
}
