package io.apogee.broker.metrics;

import io.apogee.broker.stats.BrokerStats;
import io.apogee.metrics.BucketHistogram;
import io.apogee.metrics.RpcLatency;
import io.apogee.remoting.processor.ServedRequests;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * What the broker does per send for its statistics and metrics, alone: the per-topic adders {@code statsAll}
 * reads (always on), plus, with metrics on, the message-size histogram and the request timing. Two threads, as
 * the broker's default send pool. The end-to-end comparison is {@link MetricsSendBenchmark}; this one isolates
 * the per-message cost from the noise of a whole send, in nanoseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SendCountingBenchmark {

    private static final String[] TOPICS = {"TopicA", "TopicB", "TopicC", "TopicD"};

    @Param({"off", "on"})
    public String metrics;

    private BrokerStats stats;
    private ServedRequests served;

    /** Each thread's round of topics. */
    @State(Scope.Thread)
    public static class Sender {
        int next;
    }

    @Setup
    public void start() {
        stats = new BrokerStats(System::currentTimeMillis, ZoneId.systemDefault());
        served = ServedRequests.NONE;
        if ("on".equals(metrics)) {
            stats.messageSizes(new BucketHistogram(1024, 4096, 512 * 1024, 1024 * 1024, 2 * 1024 * 1024,
                    4 * 1024 * 1024));
            served = new RpcLatency();
        }
    }

    @Benchmark
    public void countOneSend(Sender sender) {
        String topic = TOPICS[sender.next++ & 3];
        stats.putMessages(topic, 1, 128);
        served.served(310, 0, 50_000);
    }
}
