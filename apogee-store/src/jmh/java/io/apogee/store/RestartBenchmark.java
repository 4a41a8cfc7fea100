package io.apogee.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How long a store takes to start over a commit log of a given size: after a clean stop, and after a crash
 * whose last checkpoint lies {@code crashTailMiB} behind the end. A single-shot measurement (a start is
 * not a loop JMH could repeat without rebuilding the store), run by hand:
 *
 * <pre>java -cp ... io.apogee.store.RestartBenchmark [dir] [storeMiB] [crashTailMiB]</pre>
 */
public final class RestartBenchmark {

    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("restart-bench");
        long storeBytes = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        long tailBytes = (args.length > 2 ? Long.parseLong(args[2]) : 64) << 20;
        Path savedCheckpoint = dir.resolveSibling(dir.getFileName() + ".checkpoint");
        try {
            MappedMessageStore store = BenchmarkStores.start(dir, FlushDiskType.ASYNC_FLUSH);
            long t0 = System.nanoTime();
            boolean saved = false;
            for (int i = 0; store.commitLogMaxOffset() < storeBytes; i++) {
                AppendRequest request = BenchmarkStores.message("Restart", i & 7);
                if (store.append(request) != AppendStatus.PUT_OK) {
                    throw new IllegalStateException("append refused at " + store.commitLogMaxOffset());
                }
                if (!saved && store.commitLogMaxOffset() >= storeBytes - tailBytes) {
                    // Wait for a periodic checkpoint at this point, the last one a crash would leave.
                    Thread.sleep(3000);
                    Files.copy(dir.resolve("checkpoint"), savedCheckpoint, StandardCopyOption.REPLACE_EXISTING);
                    saved = true;
                }
            }
            store.shutdown();
            System.out.printf("filled %d MiB in %.1f s%n", storeBytes >> 20, (System.nanoTime() - t0) / 1e9);

            System.out.printf("clean restart: %.0f ms%n", restartMillis(dir));
            Files.delete(dir.resolve(MappedMessageStore.CLEAN_MARKER));
            System.out.printf("crash restart, checkpoint at the end: %.0f ms%n", restartMillis(dir));
            Files.delete(dir.resolve(MappedMessageStore.CLEAN_MARKER));
            Files.copy(savedCheckpoint, dir.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("crash restart, checkpoint %d MiB behind: %.0f ms%n", tailBytes >> 20,
                    restartMillis(dir));
        } finally {
            Files.deleteIfExists(savedCheckpoint);
            BenchmarkStores.delete(dir);
        }
    }

    /** Starts and stops the store over {@code dir}; returns how long start() took. */
    private static double restartMillis(Path dir) throws Exception {
        long start = System.nanoTime();
        MappedMessageStore store = BenchmarkStores.start(dir, FlushDiskType.ASYNC_FLUSH);
        double millis = (System.nanoTime() - start) / 1e6;
        store.shutdown();
        return millis;
    }
}
