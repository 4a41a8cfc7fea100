package io.apogee.broker.metrics;

import io.apogee.broker.BenchBroker;
import io.apogee.metrics.MetricsConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What exporting metrics costs the send path: sync sends of 128-byte messages from 16 callers over loopback
 * to one in-process broker, with metrics off and on ({@code metricsExporterType=PROM}). With metrics on, a
 * scraper reads {@code /metrics} every second (Prometheus' default is every 15 s), so the scrape's own cost is
 * counted too. Sends go to 8 topics so that per-topic series exist. On a shared machine the noise between
 * JMH's runs is larger than the difference sought; {@link MetricsOverheadRun} alternates the two in one JVM and
 * gives the figure to quote.
 *
 * <pre>
 * mvn -q -pl apogee-broker -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp apogee-broker/target/test-classes:apogee-broker/target/classes:$(cat apogee-broker/cp.txt) \
 *     org.openjdk.jmh.Main MetricsSendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MetricsSendBenchmark {

    private static final int TOPICS = 8;

    @Param({"off", "on"})
    public String metrics;

    private final byte[] body = new byte[128];
    private BenchBroker broker;
    private ScheduledExecutorService scraper;

    /** Each caller's topic and queue. */
    @State(Scope.Thread)
    public static class Caller {
        private static final AtomicInteger NEXT = new AtomicInteger();
        final String topic = "MetricsBench" + NEXT.getAndIncrement() % TOPICS;
        int queue;
    }

    @Setup(Level.Trial)
    public void start() throws IOException {
        broker = BenchBroker.start("metrics-bench",
                c -> "on".equals(metrics) ? c.metrics(MetricsConfig.prometheus("127.0.0.1", 0)) : c);
        if (broker.broker().metrics() != null) {
            URI uri = URI.create("http://127.0.0.1:" + broker.broker().metrics().port() + "/metrics");
            scraper = Executors.newSingleThreadScheduledExecutor();
            scraper.scheduleWithFixedDelay(() -> BenchTraffic.scrape(uri), 1, 1, TimeUnit.SECONDS);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        if (scraper != null) {
            scraper.shutdownNow();
        }
        broker.close();
    }

    @Benchmark
    public int send(Caller caller) throws Exception {
        int queue = caller.queue++ & 3;
        return broker.invoke(BenchTraffic.send(caller.topic, queue, body)).code();
    }
}
