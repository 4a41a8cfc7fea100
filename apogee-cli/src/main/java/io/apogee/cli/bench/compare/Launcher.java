package io.apogee.cli.bench.compare;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Starts JVM processes pinned to a CPU ({@code taskset -c}), with this JVM's {@code java}, and waits for the
 * line that says they are ready. Brokers get either the same heap and JVM options whatever the system (the
 * default: a fair comparison of the brokers' code), or, with launcher defaults, the options each system's own
 * start script gives it (what a user who starts it out of the box gets).
 *
 * <p>Thread safety: used by the comparison's one thread.
 */
final class Launcher {

    private final String brokerCpu;
    private final String loadCpu;
    private final String heap;
    private final List<String> jvmOptions;
    private final List<String> loadOptions;

    /**
     * @param brokerCpu CPU list for the brokers, or null to run unpinned
     * @param loadCpu   CPU list for the load generator, or null to run unpinned
     * @param heap      the brokers' heap, or null to give each JVM its own launcher's options instead
     * @param loadOptions JVM options of the load generator, added after its fixed heap
     */
    Launcher(String brokerCpu, String loadCpu, String heap, List<String> jvmOptions, List<String> loadOptions) {
        this.brokerCpu = brokerCpu;
        this.loadCpu = loadCpu;
        this.heap = heap;
        this.jvmOptions = jvmOptions;
        this.loadOptions = loadOptions;
    }

    /** Whether brokers get their own launcher's JVM options rather than a shared heap. */
    boolean launcherDefaults() {
        return heap == null;
    }

    /**
     * A broker JVM, output to {@code log}: {@code java -Xms<heap> -Xmx<heap> <options> <args>}, or with launcher
     * defaults {@code java <own> <args>}.
     *
     * @param own the JVM options the system's own start script gives this process
     */
    Process broker(List<String> own, List<String> args, Path log) throws IOException {
        List<String> options = new ArrayList<>();
        if (launcherDefaults()) {
            options.addAll(own);
        } else {
            options.addAll(List.of("-Xms" + heap, "-Xmx" + heap));
            options.addAll(jvmOptions);
        }
        return start(options, args, log);
    }

    /**
     * A helper JVM on the broker CPU (a name server of its own): a small fixed heap, or with launcher defaults
     * the options {@code own} that its start script gives it.
     */
    Process brokerSide(List<String> own, String smallHeap, List<String> args, Path log) throws IOException {
        return start(launcherDefaults() ? own : List.of("-Xms" + smallHeap, "-Xmx" + smallHeap), args, log);
    }

    private Process start(List<String> options, List<String> args, Path log) throws IOException {
        List<String> command = pinned(brokerCpu);
        command.add(java());
        command.addAll(options);
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The load generator: this build's {@code apogee bench} on the load CPU; its JSON goes to {@code out}. */
    Process load(List<String> benchArgs, Path out, Path err) throws IOException {
        List<String> command = pinned(loadCpu);
        command.add(java());
        command.add("-Xms512m");
        command.add("-Xmx512m");
        command.addAll(loadOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.apogee.cli.ApogeeCommand");
        command.add("bench");
        command.addAll(benchArgs);
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Waits until {@code log} holds {@code readyText}; fails when the process ends first or after the timeout. */
    static void awaitLine(Process process, Path log, String readyText, long timeoutSeconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(readyText)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("process ended before it was ready; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IOException("not ready within " + timeoutSeconds + " s; see " + log);
    }

    /** Stops processes with SIGTERM, newest first, then kills what is left after 30 s. */
    static void stop(List<Process> processes) throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port p with p - 2, p and p + 1 free too: RocketMQ's broker binds all three. */
    static int freeBrokerPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (isFree(p - 2) && isFree(p) && isFree(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port triple for a broker");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> pinned(String cpus) {
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.add("taskset");
            command.add("-c");
            command.add(cpus);
        }
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
