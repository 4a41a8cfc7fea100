package io.apogee.metrics;

import io.apogee.remoting.connection.EndpointCounters;
import io.apogee.remoting.server.RemotingServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.prometheus.metrics.model.snapshots.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The meters of a remoting server, the same for the name server and the broker: RocketMQ's
 * {@code rocketmq_rpc_latency}, and Apogee's own: requests answered SYSTEM_BUSY by the dispatcher, errors by
 * kind, open connections and how full the connection limits are, read from counters the server keeps anyway.
 *
 * <p>Thread safety: {@link #bind} once by the starting thread; the meters are read on the scrape thread.
 */
public final class RemotingMeters {

    private RemotingMeters() {
    }

    /**
     * The labels every series of a server carries, as RocketMQ names them. Always the same three keys (a name
     * server's cluster is empty), because Prometheus needs one set of label names per metric and a standalone
     * process serves a name server's and a broker's series side by side.
     */
    public static Tags node(String cluster, String nodeType, String nodeId) {
        return Tags.of("cluster", cluster, "node_type", nodeType, "node_id", nodeId);
    }

    /**
     * Registers the server's meters on {@code endpoint} with {@code node} labels (see {@link #node}), and times
     * every request it answers from now on ({@link RpcLatency}).
     */
    public static void bind(MetricsEndpoint endpoint, Tags node, RemotingServer server) {
        RpcLatency latency = new RpcLatency();
        List<String> labels = new ArrayList<>();
        node.forEach(tag -> {
            labels.add(tag.getKey());
            labels.add(tag.getValue());
        });
        endpoint.rpcLatency().add(latency, Labels.of(labels.toArray(String[]::new)));
        server.timeRequests(latency);
        MeterRegistry registry = endpoint.registry();
        EndpointCounters counters = server.counters();
        // Function counters hold their source weakly: the server keeps its counters as long as it lives.
        FunctionCounter.builder("apogee_system_busy", counters, c -> c.busyRejections())
                .description("Requests answered SYSTEM_BUSY by the dispatcher (processor queue full, request-byte"
                        + " limits hit, starting or stopping)").tags(node).register(registry);
        errors(registry, node, counters, "malformed_frame", EndpointCounters::malformedFrames);
        errors(registry, node, counters, "unsupported_code", EndpointCounters::unsupportedCodes);
        errors(registry, node, counters, "bad_request", EndpointCounters::badRequests);
        errors(registry, node, counters, "processor_failure", EndpointCounters::processorFailures);
        errors(registry, node, counters, "request_timeout", EndpointCounters::requestTimeouts);
        refusals(registry, node, counters, "connections", EndpointCounters::connectionsRefused);
        refusals(registry, node, counters, "connections_per_address", EndpointCounters::connectionsRefusedPerAddress);
        refusals(registry, node, counters, "first_frame_timeout", EndpointCounters::firstFrameTimeouts);
        refusals(registry, node, counters, "frame_timeout", EndpointCounters::frameTimeouts);
        refusals(registry, node, counters, "frame_size", EndpointCounters::oversizedFrames);
        refusals(registry, node, counters, "requests_in_flight", EndpointCounters::requestsInFlightRefusals);
        FunctionCounter.builder("apogee_read_pauses", counters, c -> c.readPauses())
                .description("Times a connection's reads were paused because its request bytes waiting for processors"
                        + " passed serverQueuedRequestBytesPerConnectionMax").tags(node).register(registry);
        Gauge.builder("apogee_connections", server, s -> s.connections().size())
                .description("Open client connections").tags(node).strongReference(true).register(registry);
        Gauge.builder("apogee_queued_request_bytes", server, RemotingServer::queuedRequestBytes)
                .description("Request bytes waiting for or in processors (bounded by serverQueuedRequestBytesMax)")
                .tags(node).strongReference(true).register(registry);
        Gauge.builder("apogee_partial_frame_bytes", server, s -> s.partialFrames().reserved())
                .description("Bytes of frames not fully received (bounded by partialFrameBytesMax)")
                .tags(node).strongReference(true).register(registry);
    }

    /**
     * Connections and requests refused by one limit of what a client may take: at accept (connections), by a
     * deadline or the frame size (the connection is closed; these also count as malformed frames), or per
     * connection in progress (SYSTEM_BUSY; also counted in apogee_system_busy).
     */
    private static void refusals(MeterRegistry registry, Tags tags, EndpointCounters counters, String limit,
                                 ToLongFunction<EndpointCounters> count) {
        FunctionCounter.builder("apogee_limit_refusals", counters, c -> count.applyAsLong(c))
                .description("Connections and requests refused by a limit on what one client may take, by limit")
                .tags(tags.and("limit", limit)).register(registry);
    }

    private static void errors(MeterRegistry registry, Tags tags, EndpointCounters counters, String kind,
                               ToLongFunction<EndpointCounters> count) {
        FunctionCounter.builder("apogee_errors", counters, c -> count.applyAsLong(c))
                .description("Requests and frames the server refused or failed, by kind")
                .tags(tags.and("kind", kind)).register(registry);
    }
}
