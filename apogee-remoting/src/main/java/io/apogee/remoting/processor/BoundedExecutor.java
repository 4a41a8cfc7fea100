package io.apogee.remoting.processor;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes the executors processors run on: a fixed number of daemon threads and a bounded queue that
 * rejects when full. The rejection is what lets the dispatcher answer SYSTEM_BUSY at once instead of
 * buffering an unbounded backlog.
 *
 * <p>Thread safety: stateless.
 */
public final class BoundedExecutor {

    private BoundedExecutor() {
    }

    /**
     * @param name thread name prefix
     * @param threads number of threads, all started on demand and kept
     * @param queueCapacity requests that may wait for a thread before new ones are rejected
     */
    public static ThreadPoolExecutor create(String name, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive: " + threads
                    + ", " + queueCapacity);
        }
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new DefaultThreadFactory(name, true),
                new ThreadPoolExecutor.AbortPolicy());
    }
}
