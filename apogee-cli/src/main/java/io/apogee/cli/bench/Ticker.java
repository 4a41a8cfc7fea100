package io.apogee.cli.bench;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the phases of a bench run (warm-up, measure, drain) in one-second ticks: at each tick, and once more
 * when a phase ends, it asks the mode for a progress line and prints it to stderr. A phase ends after its
 * length, when the mode says it is done, or at the run's time limit, whichever comes first.
 *
 * <p>Thread safety: used by the command's thread only.
 */
final class Ticker {

    /** The mode's view of one interval: its figures as a line, after taking the interval's values. */
    @FunctionalInterface
    interface Tick {
        String line(double intervalSeconds);
    }

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long POLL_MILLIS = 10;

    private final PrintWriter err;
    private final String label;
    private final long deadline;
    private boolean timedOut;

    Ticker(PrintWriter err, String label, int timeLimitSeconds) {
        this.err = err;
        this.label = label;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeLimitSeconds);
    }

    /**
     * Ticks through a phase of at most {@code maxNanos} (0 = no length of its own) until {@code done}.
     * Answers true if the phase ended by its length or by {@code done}, false if the time limit cut it short.
     */
    boolean run(String phase, long maxNanos, BooleanSupplier done, Tick tick) throws InterruptedException {
        long start = System.nanoTime();
        long end = maxNanos > 0 ? Math.min(start + maxNanos, deadline) : deadline;
        long intervalStart = start;
        int second = 0;
        while (true) {
            long now = System.nanoTime();
            boolean finished = done.getAsBoolean();
            boolean atEnd = finished || now - end >= 0;
            if (atEnd || now - (intervalStart + TICK_NANOS) >= 0) {
                second++;
                String line = tick.line((now - intervalStart) / 1e9);
                err.printf("[%s] %s %3d s: %s%n", label, phase, second, line);
                err.flush();
                intervalStart = now;
            }
            if (atEnd) {
                if (!finished && end == deadline && now - deadline >= 0) {
                    timedOut = true;
                    return false;
                }
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** True once a phase was cut short by the time limit. */
    boolean timedOut() {
        return timedOut;
    }
}
