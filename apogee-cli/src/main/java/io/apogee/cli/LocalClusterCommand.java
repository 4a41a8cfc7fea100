package io.apogee.cli;

import io.apogee.controller.client.ControllerClient;
import io.apogee.controller.client.MasterView;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code apogee local-cluster}: a fault-tolerant cluster on this machine for trying failover, each member its own
 * process (so one can be killed): three controllers, a name server and one broker group of three replicas in
 * controller mode ({@link LocalClusterLayout}). It prints who is master, reports each change of master and each
 * member that exits, and stops every member on Ctrl-C.
 *
 * <p>Thread safety: runs on the calling thread; the shutdown hook stops the children.
 */
@Command(name = "local-cluster", mixinStandardHelpOptions = true,
        description = "Start 3 controllers, a name server and a broker group of 3 replicas on loopback, each its own "
                + "process, and report failovers; Ctrl-C stops them.")
final class LocalClusterCommand implements Callable<Integer> {

    private static final long READY_TIMEOUT_MILLIS = 120_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "local-cluster",
            description = "Folder for every member's configuration, data and log (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--base-port", paramLabel = "N", defaultValue = "30000",
            description = "Ports are counted from this one (default: ${DEFAULT-VALUE}); see the README.")
    private int basePort;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "128m",
            description = "Largest heap of each member (default: ${DEFAULT-VALUE}).")
    private String heap;

    private final List<Process> children = new ArrayList<>();
    /** Where each member's log ended before this start: a "ready" line before it is an earlier run's. */
    private final List<Long> logStarts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        LocalClusterLayout layout = new LocalClusterLayout(dir, basePort);
        List<LocalClusterLayout.Member> members = layout.write();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "local-cluster-stop"));
        for (LocalClusterLayout.Member member : members) {
            Path log = member.folder().resolve("console.log");
            logStarts.add(Files.exists(log) ? Files.size(log) : 0L);
            children.add(launch(member, log));
        }
        for (int i = 0; i < members.size(); i++) {
            if (!awaitReady(members.get(i), children.get(i), logStarts.get(i))) {
                return 1;
            }
        }
        System.out.printf("Apogee local cluster under %s%n", dir.toAbsolutePath().normalize());
        for (int i = 0; i < members.size(); i++) {
            System.out.printf("  %-13s %-16s pid %d%n", members.get(i).name(), members.get(i).address(),
                    children.get(i).pid());
        }
        System.out.printf("Clients: namesrvAddr=%s   Cluster view: ./apogee admin cluster list -n %s%n",
                layout.namesrvAddr(), layout.namesrvAddr());
        System.out.println("Try a failover: kill -9 the master's pid; the master is named below. Ctrl-C stops all.");
        watch(layout, members);
        return 0;
    }

    private Process launch(LocalClusterLayout.Member member, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xms32m", "-Xmx" + heap, "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=disabled",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName()));
        command.addAll(member.command());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits for the member's "ready" line; false (after printing its log's end) when it exits or takes too long. */
    private boolean awaitReady(LocalClusterLayout.Member member, Process process, long logStart) throws Exception {
        Path log = member.folder().resolve("console.log");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, bytes.length);
            if (new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).contains(" ready ")) {
                return true;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        System.err.printf("%s did not start; the end of %s:%n", member.name(), log);
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(System.err::println);
        return false;
    }

    /** Prints each change of the group's master or in-sync set and each member that exits, until the process is stopped. */
    private void watch(LocalClusterLayout layout, List<LocalClusterLayout.Member> members) throws Exception {
        RemotingClient remoting = new RemotingClient(new ClientConfig());
        remoting.start();
        try {
            ControllerClient controllers = new ControllerClient(remoting,
                    ControllerClient.parseAddresses(layout.controllerAddr()), 2_000);
            boolean[] reported = new boolean[members.size()];
            MasterView shown = null;
            while (true) {
                for (int i = 0; i < members.size(); i++) {
                    Process p = children.get(i);
                    if (!p.isAlive() && !reported[i]) {
                        reported[i] = true;
                        LocalClusterLayout.Member m = members.get(i);
                        say("%s (pid %d) exited with code %d; start it again with: ./apogee %s", m.name(), p.pid(),
                                p.exitValue(), String.join(" ", m.command()));
                    }
                }
                MasterView view = masterView(controllers);
                if (view != null && view.masterAddress() != null && (shown == null
                        || !view.masterAddress().equals(shown.masterAddress()) || view.masterEpoch() != shown.masterEpoch()
                        || !view.syncStateSet().equals(shown.syncStateSet()))) {
                    shown = view;
                    say("master of %s: %s at epoch %d, in-sync set %s", LocalClusterLayout.BROKER_NAME,
                            describe(view.masterAddress(), members), view.masterEpoch(), view.syncStateSet());
                }
                Thread.sleep(500);
            }
        } finally {
            remoting.shutdown();
        }
    }

    private static MasterView masterView(ControllerClient controllers) {
        try {
            MasterView view = controllers.replicaInfo(LocalClusterLayout.BROKER_NAME);
            return view.ok() ? view : null;
        } catch (Exception e) {
            return null;
        }
    }

    private String describe(String address, List<LocalClusterLayout.Member> members) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).address().equals(address)) {
                return members.get(i).name() + " (" + address + ", pid " + children.get(i).pid() + ")";
            }
        }
        return address;
    }

    private static void say(String format, Object... args) {
        System.out.printf("%s  %s%n", LocalTime.now().format(CLOCK), String.format(format, args));
    }

    /** Asks every member to stop (SIGTERM), newest first, and waits for them; forces those that do not stop. */
    private void stopAll() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).destroy();
        }
        for (Process p : children) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
