package io.apogee.broker.send;

import io.apogee.broker.BenchBroker;
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

/**
 * Where a send runs: 16 callers send 1 KiB messages synchronously over loopback to one in-process broker, with
 * sends appended on the I/O thread that read them ({@code sendMessageOnIoThread}, the default) or handed to the
 * send executor. Client and broker share the machine's CPUs here, unlike {@code apogee bench compare}, which pins
 * them apart and is the figure to quote: on a 2-core machine, unpinned, the two settings came out within JMH's
 * error (in place 73k and 64k ops/s, pooled 71k and 72k, 2026-12-06), while pinned apart the broker sent 22 %
 * more per second at 30 % less CPU per message (docs/BENCHMARKS.md). It is kept for machines with more cores,
 * where the client no longer takes the broker's CPU.
 *
 * <pre>
 * mvn -q -pl apogee-broker -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp apogee-broker/target/test-classes:apogee-broker/target/classes:$(cat apogee-broker/cp.txt) \
 *     org.openjdk.jmh.Main SendThreadingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SendThreadingBenchmark {

    private static final String TOPIC = "SendThreading";

    @Param({"in-place", "pooled"})
    public String sends;

    private final byte[] body = new byte[1024];
    private BenchBroker broker;

    @Setup(Level.Trial)
    public void start() throws IOException {
        broker = BenchBroker.start("send-threading-bench", c -> c.sendMessageOnIoThread("in-place".equals(sends)));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        broker.close();
    }

    @Benchmark
    public int send() throws Exception {
        int queue = (int) (Thread.currentThread().getId() & 3);
        return broker.invoke(BenchBroker.send(TOPIC, 4, queue, body)).code();
    }
}
