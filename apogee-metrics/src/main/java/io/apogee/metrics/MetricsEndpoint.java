package io.apogee.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Prometheus endpoint: a Micrometer registry holding the JVM's metrics (memory, GC, threads, classes,
 * CPU, file descriptors, uptime), served at {@code GET /metrics} by the JDK's own HTTP server. The answer
 * follows the scraper's {@code Accept} header as the Prometheus client does: the text format 0.0.4 by
 * default, OpenMetrics text, or Prometheus' delimited protobuf.
 *
 * <pre>
 * request threads ──► LongAdders next to the code they count (never the registry)
 * scraper ──GET /metrics──► metrics-http thread ──► registry.scrape() ──► reads the adders and gauges
 * </pre>
 *
 * <p>Thread safety: {@link #start} and {@link #close} by the owning thread; the registry is thread-safe and
 * gauges registered on it are read on the one {@code metrics-http} thread, one scrape at a time.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String PROTOBUF = "application/vnd.google.protobuf; "
            + "proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final PrometheusMeterRegistry registry;
    private final HttpServer http;
    private final ExecutorService thread;
    private final JvmGcMetrics gcMetrics;
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
    private final RpcLatencyFamily rpcLatency = new RpcLatencyFamily();

    private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer http, ExecutorService thread,
                            JvmGcMetrics gcMetrics) {
        this.registry = registry;
        this.http = http;
        this.thread = thread;
        this.gcMetrics = gcMetrics;
        registry.getPrometheusRegistry().register(rpcLatency);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and serves; the JVM's metrics carry {@code jvmTags}
     * (e.g. cluster and node labels). Throws UncheckedIOException naming the address when it cannot bind.
     */
    public static MetricsEndpoint start(String host, int port, Tags jvmTags) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics(jvmTags).bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics(jvmTags);
        gc.bindTo(registry);
        new JvmThreadMetrics(jvmTags).bindTo(registry);
        new ClassLoaderMetrics(jvmTags).bindTo(registry);
        new ProcessorMetrics(jvmTags).bindTo(registry);
        new FileDescriptorMetrics(jvmTags).bindTo(registry);
        new UptimeMetrics(jvmTags).bindTo(registry);
        // The JDK's server writes headers and body apart; without TCP_NODELAY each scrape waits out the peer's
        // delayed ACK (about 40 ms on Linux loopback). The property is read once, when the first server is made.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            gc.close();
            registry.close();
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsEndpoint endpoint = new MetricsEndpoint(registry, http, thread, gc);
        http.createContext("/metrics", endpoint::serve);
        http.setExecutor(thread);
        http.start();
        LOG.info("serving Prometheus metrics at http://{}:{}/metrics", host, endpoint.port());
        return endpoint;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String contentType = contentType(exchange.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            try {
                beforeScrape.forEach(Runnable::run);
                registry.scrape(body, contentType);
            } catch (RuntimeException e) {
                LOG.warn("a metrics scrape failed: {}", e.toString());
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.size());
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    body.writeTo(out);
                }
            }
        }
    }

    /** The format a scraper asked for, as the Prometheus client negotiates it. */
    static String contentType(String accept) {
        if (accept == null) {
            return TEXT;
        }
        if (accept.contains("application/vnd.google.protobuf") && accept.contains("io.prometheus.client.MetricFamily")) {
            return PROTOBUF;
        }
        return accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
    }

    /**
     * Runs {@code refresh} on the scrape thread before every scrape, so that a part can register meters for
     * keys (topics, groups) that appeared since the last one, or recompute values that are costly to keep live.
     */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** The endpoint's one {@code rocketmq_rpc_latency} family, which each server adds its series to. */
    RpcLatencyFamily rpcLatency() {
        return rpcLatency;
    }

    /** Where meters are registered. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The bound port; with port 0 it tells the port chosen. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops serving at once and closes the registry. */
    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
        gcMetrics.close();
        registry.close();
    }
}
