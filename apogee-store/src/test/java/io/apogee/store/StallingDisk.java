package io.apogee.store;

import io.apogee.store.flush.ForceAction;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A disk whose commit-log force can be made to hang: pass it to {@link MappedMessageStore}'s fault-injection
 * constructor. After {@link #stall()} every force hangs until {@link #comeBack()}; it records which threads
 * forced and how many forces began, so a test can tell that only the flusher forced.
 *
 * <p>Thread safety: every method from any thread.
 */
public final class StallingDisk implements UnaryOperator<ForceAction> {

    private final CountDownLatch back = new CountDownLatch(1);
    private final CountDownLatch stuck = new CountDownLatch(1);
    private final Set<Thread> forcers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forces = new AtomicInteger();
    private volatile boolean stalled;

    @Override
    public ForceAction apply(ForceAction real) {
        return () -> {
            forcers.add(Thread.currentThread());
            forces.incrementAndGet();
            if (stalled) {
                stuck.countDown();
                awaitBack();
            }
            real.force();
        };
    }

    /** From now on every force hangs until {@link #comeBack()}. */
    public void stall() {
        stalled = true;
    }

    /** Ends the stall: hanging forces go on, later ones pass. */
    public void comeBack() {
        stalled = false;
        back.countDown();
    }

    /** Waits until a force hangs; false if none did within {@code seconds}. */
    public boolean awaitStuck(long seconds) throws InterruptedException {
        return stuck.await(seconds, TimeUnit.SECONDS);
    }

    /** The threads that called force. */
    public Set<Thread> forcers() {
        return forcers;
    }

    /** Forces begun so far. */
    public int forces() {
        return forces.get();
    }

    private void awaitBack() {
        try {
            back.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
