package io.apogee.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A {@link LocalCluster} as a process of its own, for tests that kill the broker with SIGKILL: it
 * starts a name server and a broker over the directory given as the only argument, prints one
 * line {@code READY <namesrvAddr>}, and runs until it is killed. {@link #launch} starts one,
 * {@link #awaitNamesrv} waits for its ready line and {@link #kill} crashes it.
 */
final class ClusterProcess {

    /** What the ready line starts with. */
    static final String READY = "READY ";

    private ClusterProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalCluster cluster = new LocalCluster(Path.of(args[0]));
        System.out.println(READY + cluster.namesrvAddr());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts a cluster process over {@code data}, its output going to {@code log}. */
    static Process launch(Path data, Path log) throws IOException {
        return new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ClusterProcess.class.getName(), data.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Kills {@code process} with SIGKILL, as a crash does, and waits up to 10 s for it to end. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the ready line in {@code log}; returns the name server address it announces. */
    static String awaitNamesrv(Path log) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            String text = Files.exists(log) ? Files.readString(log) : "";
            int at = text.indexOf(READY);
            if (at < 0) {
                return null;
            }
            int end = text.indexOf('\n', at);
            return end < 0 ? null : text.substring(at + READY.length(), end).trim();
        }, Objects::nonNull);
    }
}
