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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SYNC_FLUSH append throughput (1 KiB messages) with 1, 16 and 64 concurrent appenders: group commit lets
 * concurrent appenders share one force, so throughput should grow with them.
 *
 * <p>Every iteration measures at the same place in the file: on some disks a force costs three to four
 * times more once a file is a few tens of MiB long (seen here: 0.55 ms per 1 KiB force in the first
 * 17 MiB, 2 ms from about 40 MiB on). A fresh store would let one appender, which writes little, stay
 * in the cheap region while 64 appenders leave it, so each iteration first fills {@link #PREFILL_BYTES}
 * with asynchronous appends (many to a force) and then measures from there. The prefill goes through the
 * SYNC_FLUSH store itself, so the file has SYNC_FLUSH's layout (zeros written a page at a time, single-page
 * mapping); a file an ASYNC_FLUSH store allocated sits in large folios and would make every force write
 * far more than the appended bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SyncAppendBenchmark {

    static final long PREFILL_BYTES = 64L * 1024 * 1024;

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
        AppendRequest filler = BenchmarkStores.message("Prefill", 0);
        CompletableFuture<AppendStatus> last = CompletableFuture.completedFuture(AppendStatus.PUT_OK);
        while (store.commitLogMaxOffset() < PREFILL_BYTES) {
            CompletableFuture<AppendStatus> next = store.appendAsync(filler);
            if (next.getNow(null) == AppendStatus.FLUSH_BACKLOG_FULL) {
                last.join();
            } else {
                last = next;
            }
        }
        if (last.join() != AppendStatus.PUT_OK) {
            throw new IllegalStateException("prefill failed: " + last.join());
        }
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
