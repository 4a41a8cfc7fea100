package io.apogee.cli.bench;

import java.util.Locale;

/**
 * The progress line of a sending load: acknowledged messages per second, send latency and failures of the
 * last interval, with the last failure's reason when there were new ones.
 *
 * <p>Thread safety: used by the command's ticking thread only.
 */
final class SendProgress {

    private final SendLoad load;
    private long lastAcknowledged;
    private long lastFailed;

    SendProgress(SendLoad load) {
        this.load = load;
    }

    /** Takes the interval's latencies (counting them in the total when {@code measured}) and describes it. */
    String line(double seconds, boolean measured) {
        long acknowledged = load.acknowledged();
        long failed = load.failed();
        String line = String.format(Locale.ROOT, "%,.0f msg/s, send %s, failed %d",
                (acknowledged - lastAcknowledged) / Math.max(seconds, 1e-9),
                Latency.brief(load.latency().interval(measured)), failed);
        if (failed > lastFailed) {
            line += " (last: " + load.lastError() + ")";
        }
        lastAcknowledged = acknowledged;
        lastFailed = failed;
        return line;
    }
}
