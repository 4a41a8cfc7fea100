package io.apogee.broker;

import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A start that fails at any step leaves no thread, port or open file behind, and the store usable. */
class BrokerStartFailureTest {

    /** Threads the JVM or Netty keep for the whole process, started on first use by whoever comes first. */
    private static final Set<String> PROCESS_WIDE = Set.of("globalEventExecutor", "ObjectCleanerThread",
            "process reaper", "Common-Cleaner", "Attach Listener");

    @TempDir
    Path dir;
    private Broker running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.shutdown();
        }
    }

    private BrokerConfig config(Path store) {
        return new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, store.toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(8 * 1024 * 1024))));
    }

    @Test
    void aPortInUseLeavesNothingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertFailedStartLeavesNothing(config(dir.resolve("store")).listenPort(taken.getLocalPort()), "cannot bind");
        }
    }

    @Test
    void aStoreThatCannotBeOpenedLeavesNothingBehind() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("store-is-a-file"), "x");
        assertFailedStartLeavesNothing(config(notADirectory), "cannot open the store");
    }

    @Test
    void aStoreAnotherBrokerHoldsLeavesNothingBehindAndTheOtherServing() throws Exception {
        running = new Broker(config(dir.resolve("store")));
        running.start();
        assertFailedStartLeavesNothing(config(dir.resolve("store")), "in use by another Apogee process");
        assertThat(running.store().commitLogMaxOffset()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aBadAddressFoundAfterBindingLeavesNothingBehind() throws Exception {
        assertFailedStartLeavesNothing(config(dir.resolve("store")).brokerIP1("[not-an-address"), "not an address");
        // Nothing held the store: a broker starts on it at once.
        running = new Broker(config(dir.resolve("store")));
        running.start();
    }

    private void assertFailedStartLeavesNothing(BrokerConfig config, String why) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long filesBefore = openFiles();
        Broker broker = new Broker(config);
        assertThatThrownBy(broker::start).hasMessageContaining(why);
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t) && !PROCESS_WIDE.contains(t.getName()))
                    .map(Thread::getName).collect(Collectors.toSet());
            assertThat(left).as("threads left by the failed start").isEmpty();
            assertThat(openFiles()).as("open files").isLessThanOrEqualTo(filesBefore);
        });
    }

    private static long openFiles() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
