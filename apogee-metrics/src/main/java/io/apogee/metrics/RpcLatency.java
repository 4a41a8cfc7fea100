package io.apogee.metrics;

import io.apogee.remoting.processor.ServedRequests;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code rocketmq_rpc_latency}: how long a server took to answer each request, in milliseconds, per request code
 * and response code, with RocketMQ 5's labels ({@code protocol_type=remoting}, {@code request_code},
 * {@code response_code}, {@code result}: {@code success} for an answer, {@code oneway} for none). Requests the
 * dispatcher refuses before any processor sees them (SYSTEM_BUSY when a queue is full) are counted in
 * {@code apogee_system_busy_total} instead.
 *
 * <p>Recording finds the histogram of a request code below {@value #DIRECT_CODES} and a response code below
 * {@value #DIRECT_RESPONSES} by two array loads (others by a map lookup), then adds to two adders; the
 * histograms are created on their pair's first request.
 *
 * <p>Every server of a process adds its series to the one {@code rocketmq_rpc_latency} family of its endpoint
 * ({@link RpcLatencyFamily}), told apart by their node labels.
 *
 * <p>Thread safety: {@link #served} from any thread, lock-free; {@link #addDataPoints} on the scrape thread.
 */
public final class RpcLatency implements ServedRequests {

    static final int DIRECT_CODES = 1024;
    static final int DIRECT_RESPONSES = 256;
    /** RocketMQ's bounds for RPC latency, in ms. */
    private static final double[] BOUNDS_MILLIS = {1, 3, 5, 7, 10, 100, 1000, 2000, 3000};
    private static final double NANOS_PER_MILLI = 1_000_000;

    private final AtomicReferenceArray<AtomicReferenceArray<BucketHistogram>> direct =
            new AtomicReferenceArray<>(DIRECT_CODES);
    private final ConcurrentHashMap<Long, BucketHistogram> others = new ConcurrentHashMap<>();
    private final double[] boundsNanos;

    public RpcLatency() {
        boundsNanos = new double[BOUNDS_MILLIS.length];
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            boundsNanos[i] = BOUNDS_MILLIS[i] * NANOS_PER_MILLI;
        }
    }

    @Override
    public void served(int requestCode, int responseCode, long nanos) {
        histogram(requestCode, responseCode).record(nanos, 1);
    }

    private BucketHistogram histogram(int requestCode, int responseCode) {
        if (requestCode >= 0 && requestCode < DIRECT_CODES && responseCode >= ServedRequests.ONEWAY
                && responseCode < DIRECT_RESPONSES - 1) {
            AtomicReferenceArray<BucketHistogram> byResponse = direct.get(requestCode);
            if (byResponse == null) {
                direct.compareAndSet(requestCode, null, new AtomicReferenceArray<>(DIRECT_RESPONSES));
                byResponse = direct.get(requestCode);
            }
            int slot = responseCode + 1;
            BucketHistogram histogram = byResponse.get(slot);
            if (histogram == null) {
                byResponse.compareAndSet(slot, null, new BucketHistogram(boundsNanos));
                histogram = byResponse.get(slot);
            }
            return histogram;
        }
        return others.computeIfAbsent(((long) requestCode << 32) | (responseCode & 0xFFFF_FFFFL),
                k -> new BucketHistogram(boundsNanos));
    }

    /** Adds a data point for every pair seen so far, with {@code fixed} labels added to each; scrape thread. */
    void addDataPoints(Labels fixed, List<HistogramSnapshot.HistogramDataPointSnapshot> points) {
        for (int code = 0; code < DIRECT_CODES; code++) {
            AtomicReferenceArray<BucketHistogram> byResponse = direct.get(code);
            for (int slot = 0; byResponse != null && slot < DIRECT_RESPONSES; slot++) {
                BucketHistogram histogram = byResponse.get(slot);
                if (histogram != null) {
                    points.add(histogram.dataPoint(fixed.merge(pairLabels(code, slot - 1)), 1 / NANOS_PER_MILLI));
                }
            }
        }
        others.forEach((key, histogram) -> points.add(histogram.dataPoint(
                fixed.merge(pairLabels((int) (key >> 32), (int) (long) key)), 1 / NANOS_PER_MILLI)));
    }

    private static Labels pairLabels(int requestCode, int responseCode) {
        boolean oneway = responseCode == ServedRequests.ONEWAY;
        return Labels.of("protocol_type", "remoting", "request_code", Integer.toString(requestCode),
                "response_code", Integer.toString(responseCode), "result", oneway ? "oneway" : "success");
    }
}
