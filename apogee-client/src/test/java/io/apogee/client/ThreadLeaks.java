package io.apogee.client;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Checks that client work leaves no thread of its own behind: every thread started after this
 * object was made must end, except the test's own servers' threads.
 */
public final class ThreadLeaks {

    private static final String[] SERVER_PREFIXES = {"recording-server", "apogee-server", "ForkJoinPool.commonPool",
        "Attach Listener", "process reaper", "HTTP-Dispatcher", "globalEventExecutor", "awaitility"};

    private final Set<Thread> before = Thread.getAllStackTraces().keySet();

    /** Waits until every client thread started since this object was made has ended. */
    public void assertNoneLeft() {
        try {
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> newThreads().isEmpty());
        } catch (ConditionTimeoutException e) {
            StringBuilder dump = new StringBuilder("threads left behind:");
            for (Thread t : newThreads()) {
                dump.append("\n").append(t.getName()).append(Arrays.stream(t.getStackTrace())
                        .map(f -> "\n    at " + f).collect(Collectors.joining()));
            }
            throw new AssertionError(dump.toString(), e);
        }
    }

    /** Client threads started since this object was made that are still alive. */
    public Set<Thread> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> Arrays.stream(SERVER_PREFIXES).noneMatch(p -> t.getName().startsWith(p)))
                .collect(Collectors.toSet());
    }
}
