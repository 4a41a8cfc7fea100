package io.apogee.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one {@code rocketmq_rpc_latency} family of an endpoint: the name server and the broker of a standalone
 * process each time their requests into an {@link RpcLatency} of their own, and a scrape must still show one
 * family, as Prometheus requires.
 *
 * <p>Thread safety: {@link #add} from starting threads; {@link #collect} on the scrape thread.
 */
final class RpcLatencyFamily implements MultiCollector {

    private record Source(RpcLatency latency, Labels labels) {
    }

    private final List<Source> sources = new CopyOnWriteArrayList<>();

    /** Exports {@code latency}'s series with {@code labels} (the server's node labels) from now on. */
    void add(RpcLatency latency, Labels labels) {
        sources.add(new Source(latency, labels));
    }

    @Override
    public MetricSnapshots collect() {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
        sources.forEach(source -> source.latency().addDataPoints(source.labels(), points));
        if (points.isEmpty()) {
            return MetricSnapshots.of();
        }
        HistogramSnapshot.Builder family = HistogramSnapshot.builder().name("rocketmq_rpc_latency")
                .help("Milliseconds from a request's arrival to its answer");
        points.forEach(family::dataPoint);
        return MetricSnapshots.of(family.build());
    }
}
