package io.apogee.controller;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.FixedPorts;
import io.apogee.remoting.client.RemotingClient;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Three real controllers in this JVM, on loopback: Raft ports picked free before start (the group's members must
 * know each other's addresses), remoting ports chosen by the system; plus a remoting client to talk to them.
 */
public final class ControllerGroup implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Path folder;
    private final Consumer<ControllerConfig> tuning;
    private final Controller[] controllers = new Controller[3];
    public final RemotingClient client = new RemotingClient(new ClientConfig());
    private String peers;

    public ControllerGroup(Path folder, Consumer<ControllerConfig> tuning) throws Exception {
        this(folder, tuning, FixedPorts::next);
    }

    /** A group whose Raft ports come from {@code raftPorts}; fresh ones are drawn when one turns out taken. */
    ControllerGroup(Path folder, Consumer<ControllerConfig> tuning, IntSupplier raftPorts) throws Exception {
        this.folder = folder;
        this.tuning = tuning;
        client.start();
        try {
            FixedPorts.startOnFreshPorts(3, raftPorts, this::startAll);
        } catch (Exception | Error e) {
            client.shutdown();
            throw e;
        }
    }

    /** Starts all three on {@code raftPorts}; on failure stops those started and forgets their stores. */
    private Void startAll(int[] raftPorts) throws IOException {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add("n" + i + "-127.0.0.1:" + raftPorts[i]);
        }
        peers = String.join(";", parts);
        try {
            for (int i = 0; i < 3; i++) {
                start(i);
            }
            return null;
        } catch (RuntimeException | Error e) {
            stopAll();
            for (int i = 0; i < 3; i++) {
                deleteTree(folder.resolve("n" + i));
            }
            throw e;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The Raft peers of this group, as {@code id-host:port;...}. */
    public String peers() {
        return peers;
    }

    /** Starts controller {@code i} on its folder (again, after {@link #stop}). */
    public void start(int i) {
        ControllerConfig config = new ControllerConfig().group("test-group").peersText(peers).selfId("n" + i)
                .listenPort(0).bindAddress("127.0.0.1").storePath(folder.resolve("n" + i))
                .electionTimeoutMillis(500).scanInactiveMasterInterval(200).brokerHeartbeatTimeoutMillis(3_000);
        tuning.accept(config);
        controllers[i] = new Controller(config);
        controllers[i].start();
    }

    public void stop(int i) {
        controllers[i].shutdown();
        controllers[i] = null;
    }

    public Controller get(int i) {
        return controllers[i];
    }

    public List<Controller> running() {
        return Arrays.stream(controllers).filter(c -> c != null).toList();
    }

    /** Waits for a leader that every running controller agrees on and knows the remoting address of. */
    public Controller leader() {
        Controller[] found = new Controller[1];
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<Controller> ready = running().stream().filter(c -> c.node().isLeaderReady()).toList();
                if (ready.size() != 1) {
                    return false;
                }
                Controller leader = ready.get(0);
                String id = leader.node().selfId();
                boolean agreed = running().stream().allMatch(c -> id.equals(c.node().leaderId())
                        && leader.remotingAddress().equals(c.state().controllerAddress(id)));
                found[0] = leader;
                return agreed;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no leader that every running controller agrees on: " + views(), e);
        }
        return found[0];
    }

    /** What each running controller believes, for a failed wait's message. */
    private String views() {
        StringBuilder b = new StringBuilder();
        for (Controller c : running()) {
            b.append(c.node().selfId()).append(": ready=").append(c.node().isLeaderReady())
                    .append(" leader=").append(c.node().leaderId()).append(" applied=")
                    .append(c.node().lastAppliedIndex()).append(" addresses=").append(addresses(c)).append("; ");
        }
        return b.toString();
    }

    private List<String> addresses(Controller c) {
        List<String> known = new ArrayList<>();
        for (Controller other : running()) {
            known.add(other.node().selfId() + "=" + c.state().controllerAddress(other.node().selfId()));
        }
        return known;
    }

    /** Index of {@code controller} in this group. */
    public int indexOf(Controller controller) {
        for (int i = 0; i < 3; i++) {
            if (controllers[i] == controller) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a member");
    }

    RemotingCommand send(Controller to, int code, Map<String, Object> header, byte[] body) throws Exception {
        RemotingCommand request = RemotingCommand.request(code).body(body);
        Map<String, String> fields = HeaderFields.writable(request);
        header.forEach((k, v) -> HeaderFields.put(fields, k, v));
        return client.invokeSync(to.remotingAddress(), request, 15_000);
    }

    private void stopAll() {
        for (int i = 0; i < 3; i++) {
            if (controllers[i] != null) {
                stop(i);
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        client.shutdown();
    }

}
