package io.apogee.cli.bench;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;

/**
 * A lite pull consumer of either client, polled by a thread of its own that hands every poll's messages on.
 *
 * <p>Thread safety: see {@link BenchConsumer}; the polling thread is the only one that polls.
 *
 * @param <M> the client's message type
 */
final class Polling<M> implements BenchConsumer {

    /** A client call that may throw a checked exception. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private static final long POLL_MILLIS = 100;

    private final Action start;
    private final LongFunction<List<M>> poll;
    private final Function<? super M, byte[]> bodyOf;
    private final Deliveries sink;
    private final IntSupplier assignment;
    private final Runnable shutdown;
    private volatile Thread poller;
    private volatile boolean closing;

    Polling(Action start, LongFunction<List<M>> poll, Function<? super M, byte[]> bodyOf, Deliveries sink,
            IntSupplier assignment, Runnable shutdown) {
        this.start = start;
        this.poll = poll;
        this.bodyOf = bodyOf;
        this.sink = sink;
        this.assignment = assignment;
        this.shutdown = shutdown;
    }

    @Override
    public void start() throws Exception {
        start.run();
        Thread thread = new Thread(() -> {
            while (!closing) {
                sink.received(poll.apply(POLL_MILLIS), bodyOf);
            }
        }, "bench-poll");
        thread.setDaemon(true);
        poller = thread;
        thread.start();
    }

    @Override
    public int assignedQueues() {
        return assignment.getAsInt();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        Thread thread = poller;
        if (thread != null) {
            thread.join(10_000);
        }
        shutdown.run();
    }
}
