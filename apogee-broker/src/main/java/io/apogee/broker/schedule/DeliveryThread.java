package io.apogee.broker.schedule;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread of a delivery service (delay levels, timed messages): it runs the
 * service's loop, which sleeps until its next due time with {@link #sleep(long)} and is woken early
 * by {@link #wake()} when a new message arrives, or by {@link #stop()}.
 *
 * <p>Thread safety: {@link #wake()} and {@link #running()} from any thread; {@link #start()} and
 * {@link #stop()} from the owner; {@link #sleep(long)} from the loop only.
 */
final class DeliveryThread {

    private static final long STOP_WAIT_SECONDS = 5;

    private final String name;
    private final Runnable loop;
    private volatile boolean running;
    private volatile Thread thread;

    /** @param loop runs until {@link #running()} turns false */
    public DeliveryThread(String name, Runnable loop) {
        this.name = name;
        this.loop = loop;
    }

    public void start() {
        running = true;
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** False once {@link #stop()} was called: the loop should return. */
    public boolean running() {
        return running;
    }

    /** Ends a {@link #sleep(long)} in progress, or makes the next one return at once. */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Sleeps up to {@code millis}, less when woken; returns at once when stopping. */
    public void sleep(long millis) {
        if (millis > 0 && running) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** Asks the loop to end and waits up to 5 s for it. */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
