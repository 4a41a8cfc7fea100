package io.apogee.common.log;

import org.slf4j.Logger;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One kind of repeated event (a malformed request, a failing loop, a dead-lettered message) logged at
 * most once per interval: the first event of an interval is written, the rest are only counted, and the
 * next written line says how many were left out since the one before. A peer that sends 100,000 bad
 * requests then costs a few lines, not 100,000 stack traces.
 *
 * <p>Thread safety: lock-free; any thread may log. Two threads racing at an interval's start may both
 * see a suppressed count of zero; none is lost from the total.
 */
public final class RateLimitedLog {

    private static final String SUMMARY = " ({} more like this since the last line)";

    private final Logger log;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final AtomicLong nextLineMillis = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder total = new LongAdder();

    public RateLimitedLog(Logger log, long intervalMillis) {
        this(log, intervalMillis, System::currentTimeMillis);
    }

    RateLimitedLog(Logger log, long intervalMillis, LongSupplier clock) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /**
     * Logs a WARN line in SLF4J's format unless one was written less than an interval ago. A last
     * argument that is a {@link Throwable} is printed as SLF4J prints it.
     */
    public void warn(String format, Object... args) {
        write(log::warn, format, args);
    }

    /** As {@link #warn}, at ERROR. */
    public void error(String format, Object... args) {
        write(log::error, format, args);
    }

    /** As {@link #warn}, at INFO. */
    public void info(String format, Object... args) {
        write(log::info, format, args);
    }

    private void write(Level level, String format, Object[] args) {
        long left = admit();
        if (left == 0) {
            level.log(format, args);
        } else if (left > 0) {
            level.log(format + SUMMARY, withCount(args, left));
        }
    }

    /** How many events were left out since the last line when this one may be written, else -1. */
    private long admit() {
        total.increment();
        long now = clock.getAsLong();
        long next = nextLineMillis.get();
        if (now < next || !nextLineMillis.compareAndSet(next, now + intervalMillis)) {
            suppressed.increment();
            return -1;
        }
        return suppressed.sumThenReset();
    }

    /** Every event offered, written or not. */
    public long total() {
        return total.sum();
    }

    private static Object[] withCount(Object[] args, long count) {
        boolean throwable = args.length > 0 && args[args.length - 1] instanceof Throwable;
        Object[] out = Arrays.copyOf(args, args.length + 1);
        if (throwable) {
            out[args.length - 1] = count;
            out[args.length] = args[args.length - 1];
        } else {
            out[args.length] = count;
        }
        return out;
    }

    /** One of the logger's level methods. */
    @FunctionalInterface
    private interface Level {
        void log(String format, Object[] args);
    }
}
