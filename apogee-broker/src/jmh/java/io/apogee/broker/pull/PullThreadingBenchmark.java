package io.apogee.broker.pull;

import io.apogee.broker.BenchBroker;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.PullMessageRequestHeader;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a pull runs: 4 callers, one per queue, pull 32 messages of 1 KiB at a time from a backlog of an
 * in-process broker over loopback, with pulls answered on the I/O thread that read them
 * ({@code pullMessageOnIoThread}, the default) or on the pull executor. Each caller walks its queue and starts
 * over at its end, so every pull finds a full batch in memory. Client and broker share the machine's CPUs here,
 * so the figure to quote is the broker's CPU per consumed message from pinned runs (docs/ARCHITECTURE.md): on
 * a 2-core machine, unpinned, in place gave 20.6k, 16.9k and 22.3k pulls/s and pooled 17.3k and 14.3k, each
 * within JMH's error of the other (2026-12-06).
 *
 * <pre>
 * mvn -q -pl apogee-broker -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp apogee-broker/target/test-classes:apogee-broker/target/classes:$(cat apogee-broker/cp.txt) \
 *     org.openjdk.jmh.Main PullThreadingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PullThreadingBenchmark {

    /** One caller per queue: as many as {@code @Threads} above. */
    static final int QUEUES = 4;
    private static final int BACKLOG_PER_QUEUE = 20_000;
    private static final int BATCH = 32;
    private static final String TOPIC = "PullThreading";
    private static final String GROUP = "PullThreadingConsumers";

    @Param({"in-place", "pooled"})
    public String pulls;

    private final AtomicInteger callers = new AtomicInteger();
    private BenchBroker broker;

    @Setup(Level.Trial)
    public void start() throws Exception {
        broker = BenchBroker.start("pull-threading-bench", c -> c.pullMessageOnIoThread("in-place".equals(pulls)));
        byte[] body = new byte[1024];
        for (int i = 0; i < QUEUES * BACKLOG_PER_QUEUE; i++) {
            broker.invoke(BenchBroker.send(TOPIC, QUEUES, i % QUEUES, body));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        broker.close();
    }

    /** One caller: its own queue, and where its next pull starts. */
    @State(Scope.Thread)
    public static class Caller {
        int queue;
        long offset;

        @Setup(Level.Trial)
        public void pick(PullThreadingBenchmark benchmark) {
            queue = benchmark.callers.getAndIncrement() % QUEUES;
        }
    }

    /** One pull of a full batch; the score is pulls per second ({@value #BATCH} messages each). */
    @Benchmark
    public int pull(Caller caller) throws Exception {
        long offset = caller.offset;
        caller.offset = offset + 2 * BATCH > BACKLOG_PER_QUEUE ? 0 : offset + BATCH;
        PullMessageRequestHeader header = new PullMessageRequestHeader(GROUP, TOPIC, caller.queue, offset, BATCH,
                PullMessageRequestHeader.FLAG_SUBSCRIPTION, 0, 0, SubscriptionData.SUB_ALL, 0,
                SubscriptionData.EXPRESSION_TAG, null, null, null, "broker");
        return broker.invoke(header.applyTo(RemotingCommand.request(RequestCode.PULL_MESSAGE))).body().length;
    }
}
