package io.apogee.store;

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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads a backlog of 1 KiB messages from one queue, 32 per call (as a pull does), touching every record's
 * first and last word ({@code pull32}), copying every byte into a direct buffer as a socket write would
 * ({@code pull32Copy}), or taking only the runs, count and size that an unfiltered pull answer uses
 * ({@code pull32Runs}). Score is pulls/s; MB/s = score x 32 x record length. The backlog is written once
 * per trial and is in the page cache, so this is the store's read path, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadBenchmark {

    @Param("1024")
    public int backlogMiB;

    private Path dir;
    private MappedMessageStore store;
    private long offset;
    private long max;
    private final ByteBuffer socket = ByteBuffer.allocateDirect(256 * 1024);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("apogee-bench");
        store = BenchmarkStores.start(dir, FlushDiskType.ASYNC_FLUSH);
        AppendRequest request = BenchmarkStores.message("Backlog", 0);
        long target = (long) backlogMiB << 20;
        while (store.commitLogMaxOffset() < target) {
            store.append(request);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (store.maxOffsetInQueue("Backlog", 0) < request.queueOffset + 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        max = store.maxOffsetInQueue("Backlog", 0);
        GetMessageResult probe = store.getMessage("Backlog", 0, 0, 32, 256 * 1024, null);
        if (probe.status() != GetMessageStatus.FOUND || probe.messageCount() != 32) {
            throw new IllegalStateException("backlog not readable: " + probe.status());
        }
        System.out.println("backlog " + max + " messages, " + store.commitLogMaxOffset() + " bytes, record length "
                + request.wroteBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.shutdown();
        BenchmarkStores.delete(dir);
    }

    @Benchmark
    public long pull32() {
        GetMessageResult result = store.getMessage("Backlog", 0, offset, 32, 256 * 1024, null);
        long sum = 0;
        for (ByteBuffer message : result.messages()) {
            sum += message.getInt(0) + message.getLong(message.limit() - 8);
        }
        offset = result.nextBeginOffset() >= max ? 0 : result.nextBeginOffset();
        result.release();
        return sum;
    }

    @Benchmark
    public long pull32Runs() {
        GetMessageResult result = store.getMessage("Backlog", 0, offset, 32, 256 * 1024, null);
        long sum = result.messageCount() + result.bufferTotalSize();
        for (ByteBuffer run : result.runs()) {
            sum += run.remaining();
        }
        offset = result.nextBeginOffset() >= max ? 0 : result.nextBeginOffset();
        result.release();
        return sum;
    }

    @Benchmark
    public int pull32Copy() {
        GetMessageResult result = store.getMessage("Backlog", 0, offset, 32, 256 * 1024, null);
        socket.clear();
        for (ByteBuffer message : result.messages()) {
            socket.put(message.duplicate());
        }
        offset = result.nextBeginOffset() >= max ? 0 : result.nextBeginOffset();
        result.release();
        return socket.position();
    }
}
