package io.apogee.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Waits after a warm-up until this JVM's JIT compilers have been quiet for a while, so the measured run does
 * not share the load generator's one CPU with compilations the warm-up queued. Pinned to one CPU, the
 * compiler threads fall behind while the warm-up runs at full speed: after a 300,000-message warm-up the C2
 * thread still took 29 % of the client's CPU in the measured seconds of a backlog consume (perf, 2026-12-06).
 *
 * <p>Thread safety: stateless.
 */
final class JitSettling {

    private static final long POLL_MILLIS = 100;

    private JitSettling() {
    }

    /**
     * Returns once the JIT's total compilation time has not grown for {@code quietMillis}, or after
     * {@code maxMillis}, or at once when the JVM does not report compilation time; returns the seconds it took.
     */
    static double await(long quietMillis, long maxMillis) throws InterruptedException {
        long start = System.nanoTime();
        long last = compilationMillis();
        if (last < 0) {
            return 0;
        }
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(quietMillis)
                && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            long now = compilationMillis();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The JIT's total compilation time so far in milliseconds, or -1 when the JVM does not report it. */
    static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? -1 : jit.getTotalCompilationTime();
    }
}
