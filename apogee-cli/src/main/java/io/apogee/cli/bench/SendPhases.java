package io.apogee.cli.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The sending phases that produce and e2e share: a warm-up that is not counted, then the measured phase
 * ({@code --duration} seconds, or the whole of a {@code --count} run, which has no warm-up), the window's
 * figures in the report, and a failure when sends failed past the limit or the count was not reached.
 *
 * <p>Thread safety: used by the command's thread only.
 */
final class SendPhases {

    /** A progress line of the last interval; {@code measured} says whether its values count in the totals. */
    @FunctionalInterface
    interface Progress {
        String line(double seconds, boolean measured);
    }

    private SendPhases() {
    }

    /**
     * Starts {@code load}, runs the phases and stops it. {@code measureStarts} gets System.nanoTime() of the
     * measured phase's start. Answers false when the time limit cut the load short.
     */
    static boolean run(SendOptions send, SendLoad load, ProcessUsage usage, Ticker ticker, Report report,
                       Progress progress, LongConsumer measureStarts) throws InterruptedException {
        boolean counted = send.count > 0;
        if (!counted) {
            load.start();
            if (send.warmupSeconds > 0) {
                ticker.run("warm-up", TimeUnit.SECONDS.toNanos(send.warmupSeconds), load::finished,
                        seconds -> progress.line(seconds, false));
            }
        }
        long acknowledgedBefore = load.acknowledged();
        long failedBefore = load.failed();
        usage.begin();
        long start = System.nanoTime();
        measureStarts.accept(start);
        if (counted) {
            load.start(); // a counted run is measured whole, from its first send
        }
        boolean complete = ticker.run("measure", counted ? 0 : TimeUnit.SECONDS.toNanos(send.durationSeconds),
                load::finished, seconds -> {
                    usage.sample();
                    return progress.line(seconds, true);
                });
        double measured = (System.nanoTime() - start) / 1e9;
        long acknowledged = load.acknowledged() - acknowledgedBefore;
        usage.end(acknowledged);
        load.stop();
        report.put("measured_s", Report.round(measured))
                .put("acknowledged", acknowledged)
                .put("failed", load.failed() - failedBefore)
                .put("acknowledged_total", load.acknowledged())
                .put("failed_total", load.failed())
                .put("msgs_per_s", Report.round(acknowledged / measured))
                .put("mb_per_s", Report.round(acknowledged * (double) send.size / measured / 1e6))
                .put("send_latency", Latency.summary(load.latency().total()));
        usage.putInto(report);
        if (load.failed() > send.maxErrors) {
            report.fail(load.failed() + " messages failed to send (limit " + send.maxErrors + "); last: "
                    + load.lastError());
        } else if (counted && load.acknowledged() < send.count) {
            report.fail(load.acknowledged() + " of " + send.count + " messages acknowledged");
        }
        if (!complete) {
            report.fail("stopped by --time-limit while sending");
        }
        return complete;
    }
}
