package io.apogee.cli.bench;

import java.util.Locale;

/**
 * The progress line of a receiving consumer: messages per second, end-to-end latency of the last interval,
 * and the totals so far.
 *
 * <p>Thread safety: used by the command's ticking thread only.
 */
final class ReceiveProgress {

    private final Receiver receiver;
    private long lastReceived;

    ReceiveProgress(Receiver receiver) {
        this.receiver = receiver;
        this.lastReceived = receiver.received();
    }

    /** Takes the interval's latencies (counting them in the total when {@code measured}) and describes it. */
    String line(double seconds, boolean measured) {
        long received = receiver.received();
        String line = String.format(Locale.ROOT, "received %,.0f msg/s, e2e %s, unique %d, duplicates %d",
                (received - lastReceived) / Math.max(seconds, 1e-9),
                Latency.brief(receiver.latency().interval(measured)), receiver.unique(), receiver.duplicates());
        lastReceived = received;
        return line;
    }
}
