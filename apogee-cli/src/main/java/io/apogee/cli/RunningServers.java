package io.apogee.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * The server parts one process runs, stopped in the reverse order of their start, either on
 * {@link #stop()} or when the JVM is asked to end (SIGTERM, Ctrl-C).
 *
 * <p>Thread safety: {@link #started} is called by the launching thread only; {@link #stop()} may
 * be called from any thread, and only the first call stops anything.
 */
final class RunningServers {

    private static final Logger LOG = LoggerFactory.getLogger(RunningServers.class);

    private final Deque<NamedPart> parts = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread shutdownHook = new Thread(this::stop, "apogee-shutdown");
    private boolean stopping;

    RunningServers() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Records a part that has started, so that it is stopped with the others. */
    void started(String name, Runnable stop) {
        synchronized (this) {
            parts.push(new NamedPart(name, stop));
        }
    }

    /** Stops every part, newest first. Later calls return at once. */
    void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        while (true) {
            NamedPart part;
            synchronized (this) {
                part = parts.poll();
            }
            if (part == null) {
                break;
            }
            try {
                part.stop.run();
                LOG.info("{} stopped", part.name);
            } catch (RuntimeException e) {
                LOG.error("{} failed to stop cleanly", part.name, e);
            }
        }
        stopped.countDown();
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is ending anyway; the hook will find nothing left to stop.
            }
        }
    }

    /** Blocks until every part has been stopped. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private record NamedPart(String name, Runnable stop) {
    }
}
