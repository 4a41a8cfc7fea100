package io.apogee.console;

import java.util.List;
import java.util.function.Supplier;

/**
 * A cluster-wide name list (every topic, every group) kept for a short while, so that paging through
 * thousands of names asks the cluster once, not once per page. A change made through the console
 * drops it at once.
 *
 * <p>Thread safety: safe from any request thread; two threads may load at once, the last one wins.
 */
final class ListCache {

    private final Supplier<List<String>> loader;
    private final long ttlNanos;
    private volatile List<String> names;
    private volatile long loadedAt;

    ListCache(Supplier<List<String>> loader, long ttlMillis) {
        this.loader = loader;
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    List<String> get() {
        List<String> current = names;
        if (current == null || System.nanoTime() - loadedAt > ttlNanos) {
            current = loader.get().stream().sorted().toList();
            names = current;
            loadedAt = System.nanoTime();
        }
        return current;
    }

    void invalidate() {
        names = null;
    }
}
