package io.apogee.store;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * SYNC_FLUSH append throughput (1 KiB messages) with 1, 16 and 64 concurrent appenders: group commit lets
 * concurrent appenders share one force, so throughput should grow with them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SyncAppendBenchmark {

    private Path dir;
    private MappedMessageStore store;

    /** Each appender thread owns its request, as a broker send thread would. */
    @State(Scope.Thread)
    public static class Appender {
        AppendRequest request;

        @Setup
        public void setUp() {
            request = BenchmarkStores.message("Sync", (int) (Thread.currentThread().getId() % 8));
        }
    }

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("apogee-bench");
        store = BenchmarkStores.start(dir, FlushDiskType.SYNC_FLUSH);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        store.shutdown();
        BenchmarkStores.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public AppendStatus sync1(Appender appender) {
        return store.append(appender.request);
    }

    @Benchmark
    @Threads(16)
    public AppendStatus sync16(Appender appender) {
        return store.append(appender.request);
    }

    @Benchmark
    @Threads(64)
    public AppendStatus sync64(Appender appender) {
        return store.append(appender.request);
    }
}
