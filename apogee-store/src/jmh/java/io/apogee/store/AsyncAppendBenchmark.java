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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * ASYNC_FLUSH append throughput of 1 KiB messages next to the plain sequential write bandwidth of the same
 * record bytes through a FileChannel (no force, rolled at the same file size). MB/s = ops/s x record
 * length, printed at setup. Each iteration starts from an empty directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AsyncAppendBenchmark {

    private Path dir;
    private MappedMessageStore store;
    private AppendRequest request;
    private ByteBuffer record;
    private FileChannel channel;
    private long filePosition;
    private int fileNumber;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("apogee-bench");
        store = BenchmarkStores.start(dir.resolve("store"), FlushDiskType.ASYNC_FLUSH);
        request = BenchmarkStores.message("Bench", 0);
        store.append(request);
        ByteBuffer stored = store.getMessageByOffset(request.physicalOffset);
        record = ByteBuffer.allocateDirect(stored.remaining()).put(stored).flip();
        Files.createDirectories(dir.resolve("plain"));
        fileNumber = 0;
        openNextFile();
        System.out.println("record length " + record.remaining() + " bytes");
    }

    private void openNextFile() throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(dir.resolve("plain").resolve(Integer.toString(fileNumber++)),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        filePosition = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        store.shutdown();
        channel.close();
        channel = null;
        BenchmarkStores.delete(dir);
    }

    @Benchmark
    public AppendStatus storeAppend() {
        return store.append(request);
    }

    @Benchmark
    public int fileChannelWrite() throws IOException {
        if (filePosition + record.capacity() > BenchmarkStores.FILE_SIZE) {
            openNextFile();
        }
        record.clear();
        int written = channel.write(record);
        filePosition += written;
        return written;
    }
}
