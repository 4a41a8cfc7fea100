package io.apogee.remoting.processor;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which processor, on which executor, serves each request code, plus an optional default for the
 * codes nobody registered. Registrations are rare and lookups happen per request, so the table is
 * copied on write and read without locks.
 *
 * <p>The executors registered here belong to the endpoint from then on: it shuts them down when it
 * shuts down. One executor may serve several codes.
 *
 * <p>Thread safety: register from any thread (usually before start); look up from I/O threads.
 */
public final class ProcessorRegistry {

    /** A processor and the executor it runs on. */
    public record Binding(RequestProcessor processor, ExecutorService executor) {
    }

    private volatile IntObjectMap<Binding> byCode = new IntObjectHashMap<>();
    private volatile Binding fallback;

    public synchronized void register(int code, RequestProcessor processor, ExecutorService executor) {
        IntObjectMap<Binding> copy = new IntObjectHashMap<>(byCode.size() + 1);
        copy.putAll(byCode);
        copy.put(code, new Binding(requireNonNull(processor, "processor"), requireNonNull(executor, "executor")));
        byCode = copy;
    }

    public synchronized void registerDefault(RequestProcessor processor, ExecutorService executor) {
        fallback = new Binding(requireNonNull(processor, "processor"), requireNonNull(executor, "executor"));
    }

    /** The binding for {@code code}, else the default, else {@code null}. */
    public Binding lookup(int code) {
        Binding binding = byCode.get(code);
        return binding != null ? binding : fallback;
    }

    /** Every code with a processor of its own, ascending (the default processor's codes are not listed). */
    public int[] codes() {
        return byCode.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Shuts every registered executor down and waits for their threads, at most {@code waitMillis} in all. */
    public void shutdownExecutors(long waitMillis) throws InterruptedException {
        Set<ExecutorService> executors = Collections.newSetFromMap(new IdentityHashMap<>());
        synchronized (this) {
            for (Binding binding : byCode.values()) {
                executors.add(binding.executor());
            }
            if (fallback != null) {
                executors.add(fallback.executor());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (ExecutorService executor : executors) {
            executor.shutdown();
        }
        for (ExecutorService executor : executors) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        }
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }
}
