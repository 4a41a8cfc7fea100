package io.apogee.cli;

import io.apogee.controller.client.ControllerClient;
import io.apogee.controller.client.MasterView;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a {@link LocalClusterLayout}: starts each member as a child JVM running this same program,
 * and stops, kills, pauses and resumes them one by one, for {@code apogee local-cluster} and the fault harness.
 *
 * <p>Thread safety: one thread drives it; {@link #close()} may come from a shutdown hook.
 */
final class LocalCluster implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 120_000;

    private final LocalClusterLayout layout;
    private final List<LocalClusterLayout.Member> members;
    private final String heap;
    private final Process[] processes;
    private final RemotingClient remoting = new RemotingClient(new ClientConfig());
    private final ControllerClient controllers;
    /** The relays of a relayed layout by broker name; empty otherwise. */
    private final Map<String, List<FaultProxy>> relays = new HashMap<>();

    LocalCluster(LocalClusterLayout layout, String heap) throws IOException {
        this.layout = layout;
        this.members = layout.write();
        this.heap = heap;
        this.processes = new Process[members.size()];
        try {
            for (LocalClusterLayout.Relay relay : layout.relays()) {
                relays.computeIfAbsent(relay.broker(), b -> new ArrayList<>())
                        .add(new FaultProxy(relay.listen(), relay.target()));
            }
        } catch (IOException e) {
            closeRelays();
            throw e;
        }
        remoting.start();
        controllers = new ControllerClient(remoting, ControllerClient.parseAddresses(layout.controllerAddr()), 2_000);
    }

    List<LocalClusterLayout.Member> members() {
        return members;
    }

    LocalClusterLayout layout() {
        return layout;
    }

    /** The member's process, or null when it is not running. */
    Process process(int i) {
        return processes[i];
    }

    /** Starts every member and waits until each said it is ready; false (after printing why) if one did not. */
    boolean startAll() throws Exception {
        long[] logStarts = new long[members.size()];
        for (int i = 0; i < members.size(); i++) {
            logStarts[i] = logSize(i);
            processes[i] = launch(members.get(i));
        }
        for (int i = 0; i < members.size(); i++) {
            if (!awaitReady(i, logStarts[i])) {
                return false;
            }
        }
        return true;
    }

    /** Starts member {@code i} again and waits until it is ready. */
    boolean start(int i) throws Exception {
        long logStart = logSize(i);
        processes[i] = launch(members.get(i));
        return awaitReady(i, logStart);
    }

    /** SIGKILL: the member stops at once, without any of its shutdown work. */
    void kill(int i) throws InterruptedException {
        Process p = processes[i];
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an operator's stop: the member shuts down cleanly. */
    void stop(int i) throws InterruptedException {
        Process p = processes[i];
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** SIGSTOP: the member freezes, sockets open, as a long GC pause or a hung host would leave it. */
    void pause(int i) throws Exception {
        signal(i, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume(int i) throws Exception {
        signal(i, "CONT");
    }

    /**
     * Cuts member {@code i} (a broker of a relayed layout) off the network, its process and disk untouched:
     * nothing reaches it from clients, slaves or the controllers' notices, and nothing it sends to the name server
     * or the controllers arrives, while every connection stays open.
     */
    void cutOff(int i) {
        relaysOf(i).forEach(FaultProxy::cut);
    }

    /** Ends {@link #cutOff}: the connections that lived through it are closed, new ones pass. */
    void reconnect(int i) {
        relaysOf(i).forEach(FaultProxy::heal);
    }

    private List<FaultProxy> relaysOf(int i) {
        List<FaultProxy> of = relays.get(members.get(i).name());
        if (of == null) {
            throw new IllegalStateException(members.get(i).name() + " is not behind relays: the layout is not relayed");
        }
        return of;
    }

    private void closeRelays() {
        relays.values().forEach(list -> list.forEach(FaultProxy::close));
    }

    private void signal(int i, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(processes[i].pid()))
                .redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + processes[i].pid() + " failed");
        }
    }

    /** The broker group's master and in-sync set as the controllers answer, or null when none answers. */
    MasterView masterView() {
        try {
            MasterView view = controllers.replicaInfo(LocalClusterLayout.BROKER_NAME);
            return view.ok() ? view : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The index of the member at {@code address}, or -1. */
    int indexOf(String address) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).address().equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the controller that leads now, or -1 when none says it does. */
    int controllerLeader() {
        return indexOf(controllers.leaderNow());
    }

    /** The indexes of the brokers. */
    List<Integer> brokers() {
        List<Integer> brokers = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).command().get(0).equals("broker")) {
                brokers.add(i);
            }
        }
        return brokers;
    }

    private long logSize(int i) throws IOException {
        Path log = log(i);
        return Files.exists(log) ? Files.size(log) : 0L;
    }

    private Path log(int i) {
        return members.get(i).folder().resolve("console.log");
    }

    private Process launch(LocalClusterLayout.Member member) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xms32m", "-Xmx" + heap, "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=disabled",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName()));
        command.addAll(member.command());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(member.folder().resolve("console.log").toFile()))
                .start();
    }

    /** Waits for the member's "ready" line past {@code logStart}; false (after printing its log's end) if none. */
    private boolean awaitReady(int i, long logStart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            byte[] bytes = Files.readAllBytes(log(i));
            int from = (int) Math.min(logStart, bytes.length);
            if (new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).contains(" ready ")) {
                return true;
            }
            if (!processes[i].isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        List<String> lines = Files.readAllLines(log(i), StandardCharsets.UTF_8);
        System.err.printf("%s did not start; the end of %s:%n", members.get(i).name(), log(i));
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(System.err::println);
        return false;
    }

    /** Asks every running member to stop (SIGTERM, paused ones resumed first), newest first, and waits for them. */
    @Override
    public void close() {
        for (int i = processes.length - 1; i >= 0; i--) {
            Process p = processes[i];
            if (p != null && p.isAlive()) {
                try {
                    resume(i);
                } catch (Exception e) {
                    // Not paused, or already gone: the stop below still applies.
                }
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        remoting.shutdown();
        closeRelays();
    }
}
