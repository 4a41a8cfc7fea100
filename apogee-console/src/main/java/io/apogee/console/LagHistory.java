package io.apogee.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Each consumer group's total lag over the last {@link #POINTS} samples (an hour at the default 15 s), kept in
 * the console's memory so that a group page draws its chart from one map lookup instead of asking the brokers
 * for an hour it never saw. One scheduler thread takes every group's sample at once (one request per master,
 * however many groups there are); requests only read.
 *
 * <p>Memory bound: at most {@link #MAX_GROUPS} groups, each two {@code long[POINTS]} rings (3,840 bytes), so
 * under 20 MB in the worst case and about 7.7 MB with 2,000 groups. A group the samples no longer name for a
 * whole window (POINTS samples) is dropped; a sample that could not be taken adds no point to any group.
 *
 * <p>Thread safety: {@link #sampleOnce} runs on the sampler thread (or a test's); {@link #series} from the
 * console's request threads. Each ring is guarded by its own monitor.
 */
final class LagHistory implements AutoCloseable {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** Samples kept per group: one hour at the default interval. */
    static final int POINTS = 240;
    /** Groups tracked at once; groups beyond it (in the samples' order) get no chart until others are dropped. */
    static final int MAX_GROUPS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(LagHistory.class);

    private final Supplier<Map<String, Long>> lags;
    private final LongSupplier clock;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private final long windowMillis;
    private final Duration interval;
    private ScheduledExecutorService sampler;
    private boolean warnedFull;
    private String lastFailure;

    /**
     * @param lags every group's lag summed over its queues, by group; may throw when the brokers cannot answer
     */
    LagHistory(Supplier<Map<String, Long>> lags, LongSupplier clock, Duration interval) {
        this.lags = lags;
        this.clock = clock;
        this.windowMillis = interval.toMillis() * POINTS;
        this.interval = interval;
    }

    /** Starts sampling on its own daemon thread, the first sample one interval from now. */
    synchronized LagHistory start() {
        if (sampler == null) {
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "apogee-console-lag-sampler");
                t.setDaemon(true);
                return t;
            });
            long millis = interval.toMillis();
            sampler.scheduleWithFixedDelay(this::sampleSafely, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void sampleSafely() {
        try {
            sampleOnce();
            lastFailure = null;
        } catch (RuntimeException e) {
            // Once per distinct failure: a cluster that refuses the console's unsigned calls would repeat it every tick.
            if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                lastFailure = String.valueOf(e.getMessage());
                LOG.warn("Sampling consumer groups' lag failed: {}", lastFailure);
            }
        }
    }

    /** Takes one sample of every group, then drops groups unseen for a whole window. */
    void sampleOnce() {
        long now = clock.getAsLong();
        for (Map.Entry<String, Long> sample : lags.get().entrySet()) {
            Ring ring = rings.get(sample.getKey());
            if (ring == null) {
                if (rings.size() >= MAX_GROUPS) {
                    if (!warnedFull) {
                        LOG.warn("Lag history tracks {} groups already; more get no lag chart", MAX_GROUPS);
                        warnedFull = true;
                    }
                    continue;
                }
                ring = rings.computeIfAbsent(sample.getKey(), g -> new Ring());
            }
            ring.add(now, sample.getValue());
        }
        for (Iterator<Ring> it = rings.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastTime() > windowMillis) {
                it.remove();
            }
        }
    }

    /** The group's samples, oldest first, as {@code {t, lag}}; empty when it was never sampled. */
    List<Map<String, Long>> series(String group) {
        Ring ring = rings.get(group);
        return ring == null ? List.of() : ring.points();
    }

    int trackedGroups() {
        return rings.size();
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    /** The last {@link #POINTS} samples of one group in two primitive rings. */
    private static final class Ring {
        private final long[] times = new long[POINTS];
        private final long[] lags = new long[POINTS];
        private int next;
        private int size;

        synchronized void add(long time, long lag) {
            times[next] = time;
            lags[next] = lag;
            next = (next + 1) % POINTS;
            size = Math.min(size + 1, POINTS);
        }

        synchronized long lastTime() {
            return size == 0 ? Long.MIN_VALUE : times[(next - 1 + POINTS) % POINTS];
        }

        synchronized List<Map<String, Long>> points() {
            List<Map<String, Long>> points = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int at = (next - size + i + POINTS) % POINTS;
                points.add(Map.of("t", times[at], "lag", lags[at]));
            }
            return points;
        }
    }
}
