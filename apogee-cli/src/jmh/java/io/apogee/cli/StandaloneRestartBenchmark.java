package io.apogee.cli;

import io.apogee.protocol.message.HostAddress;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How long {@code apogee standalone} takes to be ready over a commit log of a given size after a clean stop,
 * measured as a user meets it: a new JVM started with the launcher's options, timed from its launch to the
 * ready line, and the time the process itself reports. A single-shot measurement, run by hand after
 * {@code mvn -DskipTests package}:
 *
 * <pre>java -cp ... io.apogee.cli.StandaloneRestartBenchmark [jar] [storeMiB] [runs]</pre>
 *
 * The store is filled directly (1 KiB messages over 8 queues), in the layout standalone uses, then started
 * and stopped once (SIGTERM, a clean stop) before the measured runs.
 */
public final class StandaloneRestartBenchmark {

    private static final Pattern READY = Pattern.compile("standalone ready in (\\d+) ms");

    private StandaloneRestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "apogee-cli/target/apogee.jar");
        long storeBytes = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path data = Files.createTempDirectory("standalone-restart");
        try {
            long t0 = System.nanoTime();
            fill(data.resolve("store"), storeBytes);
            System.out.printf("filled %d MiB in %.1f s%n", storeBytes >> 20, (System.nanoTime() - t0) / 1e9);
            start(jar, data); // the first start after a direct fill; not measured
            List<Long> launchToReady = new ArrayList<>();
            List<Long> reported = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long[] run = start(jar, data);
                launchToReady.add(run[0]);
                reported.add(run[1]);
                System.out.printf("run %d: launch to ready %d ms, reported ready in %d ms%n", i + 1, run[0], run[1]);
            }
            System.out.printf("median of %d clean restarts over %d MiB: launch to ready %d ms, reported %d ms%n",
                    runs, storeBytes >> 20, median(launchToReady), median(reported));
        } finally {
            delete(data);
        }
    }

    private static void fill(Path storeRoot, long bytes) throws IOException {
        MappedMessageStore store = new MappedMessageStore(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, storeRoot.toString())),
                new HostAddress(new byte[] {127, 0, 0, 1}, 10911), path -> 0.1);
        store.start();
        byte[] body = new byte[1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        byte[] properties = "TAGS\u0001TagA\u0002KEYS\u0001order-1\u0002WAIT\u0001true\u0002"
                .getBytes(StandardCharsets.UTF_8);
        AppendRequest request = new AppendRequest();
        for (int i = 0; store.commitLogMaxOffset() < bytes; i++) {
            request.reset();
            request.topic = "RestartTopic";
            request.queueId = i & 7;
            request.bornTimestamp = System.currentTimeMillis();
            request.bornHostIp = new byte[] {10, 0, 0, 1};
            request.bornPort = 40000;
            request.body = ByteBuffer.wrap(body);
            request.properties = ByteBuffer.wrap(properties);
            if (store.append(request) != AppendStatus.PUT_OK) {
                throw new IllegalStateException("append refused at " + store.commitLogMaxOffset());
            }
        }
        store.shutdown();
    }

    /** Starts standalone over {@code data}, waits for its ready line, stops it cleanly: {launch-to-ready, reported}. */
    private static long[] start(Path jar, Path data) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dio.netty.leakDetection.level=disabled"));
        Path archive = jar.resolveSibling("apogee.jsa");
        if (Files.exists(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
        }
        command.addAll(List.of("-jar", jar.toString(), "standalone", "--data", data.toString(),
                "--namesrv-port", "0", "--broker-port", "0"));
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    long launchToReady = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
                    process.destroy();
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("standalone did not stop within 60 s of SIGTERM");
                    }
                    return new long[] {launchToReady, Long.parseLong(ready.group(1))};
                }
            }
        } finally {
            process.destroyForcibly();
        }
        throw new IllegalStateException("standalone ended without its ready line; exit " + process.waitFor());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
