package io.apogee.it;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What a test started, stopped in reverse order after it, so a test class keeps one field instead of a
 * null check per client and server in its {@code @AfterEach}. A failure to stop one is kept and rethrown
 * after the rest are stopped.
 */
final class Closer implements AutoCloseable {

    private final Deque<Runnable> stops = new ArrayDeque<>();

    /** Records {@code resource} to be stopped with {@code stop}; returns it. */
    <T> T add(T resource, Consumer<T> stop) {
        stops.push(() -> stop.accept(resource));
        return resource;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!stops.isEmpty()) {
            try {
                stops.pop().run();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
