package io.apogee.common.log;

import org.slf4j.Logger;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Refusals of one kind (too many connections, a frame too large, too many requests in flight) logged at
 * most once per offender per interval: the first refusal of a peer address in an interval is written, the
 * rest are counted, and its next line says how many were left out. A peer refused 100,000 times costs one
 * line per interval, and every other peer refused meanwhile still gets its own line.
 *
 * <p>Memory and volume stay bounded however many distinct addresses offend: at most {@code maxOffenders}
 * addresses are remembered (the one heard from least recently is forgotten first), and at most
 * {@code maxOffenders} lines are written per interval in all; past that, one summary line per interval says
 * that lines were left out.
 *
 * <p>Thread safety: any thread may log. A short lock guards the table; it is taken only on refusal paths,
 * never for a request that is served, and the line is written outside it.
 */
public final class OffenderLog {

    private static final String SUMMARY = " ({} more from it since the last line)";
    private static final long SUPPRESSED = -1;
    private static final long OVER_BUDGET = -2;

    private final Logger log;
    private final long intervalMillis;
    private final int maxOffenders;
    private final LongSupplier clock;
    private final Map<String, Offender> offenders;
    private final RateLimitedLog overflow;
    private long budgetResetMillis = Long.MIN_VALUE;
    private int linesThisInterval;

    /** How long a line about one offender holds back the next; a minute keeps a flood to a line a minute. */
    public static final long DEFAULT_INTERVAL_MILLIS = 60_000;
    /** Offenders remembered, and lines written per interval in all. */
    public static final int DEFAULT_MAX_OFFENDERS = 256;

    /** With the default interval and bound. */
    public OffenderLog(Logger log) {
        this(log, DEFAULT_INTERVAL_MILLIS, DEFAULT_MAX_OFFENDERS);
    }

    /** One line per offender per {@code intervalMillis}, at most {@code maxOffenders} remembered and lines per interval. */
    public OffenderLog(Logger log, long intervalMillis, int maxOffenders) {
        this(log, intervalMillis, maxOffenders, System::currentTimeMillis);
    }

    OffenderLog(Logger log, long intervalMillis, int maxOffenders, LongSupplier clock) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.maxOffenders = maxOffenders;
        this.clock = clock;
        this.overflow = new RateLimitedLog(log, intervalMillis, clock);
        this.offenders = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Offender> eldest) {
                return size() > OffenderLog.this.maxOffenders;
            }
        };
    }

    /** Logs a WARN line about {@code offender} in SLF4J's format unless one about it was written less than an interval ago. */
    public void warn(String offender, String format, Object... args) {
        long left = admit(offender);
        if (left == 0) {
            log.warn(format, args);
        } else if (left > 0) {
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = left;
            log.warn(format + SUMMARY, withCount);
        } else if (left == OVER_BUDGET) {
            overflow.warn("more than {} peers refused within {} ms; lines about the others are left out",
                    maxOffenders, intervalMillis);
        }
    }

    /** Refusals of {@code offender} left out since its last line when this one may be written; else negative. */
    private synchronized long admit(String offender) {
        long now = clock.getAsLong();
        if (now - budgetResetMillis >= intervalMillis || budgetResetMillis == Long.MIN_VALUE) {
            budgetResetMillis = now;
            linesThisInterval = 0;
        }
        Offender known = offenders.get(offender);
        if (known != null && now < known.nextLineMillis) {
            known.suppressed++;
            return SUPPRESSED;
        }
        if (linesThisInterval >= maxOffenders) {
            return OVER_BUDGET;
        }
        linesThisInterval++;
        if (known == null) {
            known = new Offender();
            offenders.put(offender, known);
        }
        long left = known.suppressed;
        known.suppressed = 0;
        known.nextLineMillis = now + intervalMillis;
        return left;
    }

    /** Addresses remembered now; at most {@code maxOffenders}. */
    public synchronized int remembered() {
        return offenders.size();
    }

    private static final class Offender {
        long nextLineMillis;
        long suppressed;
    }
}
