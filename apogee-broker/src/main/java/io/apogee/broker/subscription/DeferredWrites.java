package io.apogee.broker.subscription;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the broker's tables after changes that need not be durable at once (topics and groups created
 * on first use), on a thread of its own and coalesced: however many changes arrive within
 * {@code delayMillis}, the table is written once. A heartbeat naming thousands of new groups then costs
 * one write of each table instead of one per group (which made it quadratic), and no client request
 * waits for a disk write. A crash before the write loses only what clients re-create on their next
 * heartbeat or send; admin changes still write at once.
 *
 * <p>Thread safety: {@link #coalesced} and the runnables it returns from any thread; {@link #close} once.
 */
public final class DeferredWrites implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);

    private final long delayMillis;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-config-writer");
        t.setDaemon(true);
        return t;
    });

    public DeferredWrites(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    /**
     * A request to run {@code write} soon: requests made before the write starts share it. A request
     * after {@link #close} writes on the caller's thread, so nothing is lost at shutdown.
     */
    public Runnable coalesced(Runnable write) {
        AtomicBoolean pending = new AtomicBoolean();
        Runnable run = () -> {
            pending.set(false);
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.error("cannot write a broker table; it is written again with its next change: {}", e.toString());
            }
        };
        return () -> {
            if (pending.compareAndSet(false, true)) {
                try {
                    thread.schedule(run, delayMillis, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    run.run();
                }
            }
        };
    }

    /** Runs the writes still pending, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("broker tables still being written after 10 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
