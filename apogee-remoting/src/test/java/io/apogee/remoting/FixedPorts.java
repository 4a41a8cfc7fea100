package io.apogee.remoting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Free loopback ports for servers that must know their port before they start and keep it across a restart (the
 * members of a Raft group name each other). A port picked by binding port 0 and closing lies in the system's
 * ephemeral range, where any port-0 server or outgoing connection may take it before the server binds it again;
 * these are taken from 10000-19999, below that range, and never handed out twice in one JVM. Test JVMs forked
 * side by side each take their own quarter of it, by the {@code apogee.test.fork} property (surefire's fork
 * number, 1-4); 20000 and up is left to tests that need a run of ports (the fault harness's cluster).
 *
 * <p>Thread safety: any thread.
 */
public final class FixedPorts {

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();
    private static final int LOWEST = 10_000;
    private static final int SHARE = 2_500;

    private FixedPorts() {
    }

    /** A port free now on 127.0.0.1, not given before in this JVM. */
    public static int next() {
        int fork = Math.floorMod(Integer.getInteger("apogee.test.fork", 1) - 1, 4);
        int from = LOWEST + fork * SHARE;
        if (ephemeralLow() >= from + SHARE) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int candidate = ThreadLocalRandom.current().nextInt(from, from + SHARE);
                if (bindable(candidate) && GIVEN.add(candidate)) {
                    return candidate;
                }
            }
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (GIVEN.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /** Starts something on ports it must know before it binds them; see {@link #startOnFreshPorts}. */
    @FunctionalInterface
    public interface PortsStart<T> {
        T start(int[] ports) throws Exception;
    }

    /**
     * Runs {@code start} on {@code count} ports from {@code ports}, and again on fresh ones (at most three times in
     * all) when it fails because one of them was taken between the check here and its own bind: another process on
     * the machine may take any free port at any moment. {@code start} must release whatever it started before it
     * throws. Any other failure is thrown at once.
     */
    public static <T> T startOnFreshPorts(int count, IntSupplier ports, PortsStart<T> start) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int[] chosen = new int[count];
            for (int i = 0; i < count; i++) {
                chosen[i] = ports.getAsInt();
            }
            try {
                return start.start(chosen);
            } catch (Exception e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    /** {@link #startOnFreshPorts} with ports from {@link #next()}. */
    public static <T> T startOnFreshPorts(int count, PortsStart<T> start) throws Exception {
        return startOnFreshPorts(count, FixedPorts::next, start);
    }

    /** Whether {@code failure} was caused by a port in use: a BindException, or Netty's native "Address already in use". */
    static boolean portTaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Whether a server may bind the port now, tried without SO_REUSEADDR: Ratis's gRPC and Netty servers do not
     * set it, so a port an earlier test's connections still hold in TIME_WAIT (which a plain ServerSocket, with
     * SO_REUSEADDR on, would bind) is refused to them and must not be handed out.
     */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
