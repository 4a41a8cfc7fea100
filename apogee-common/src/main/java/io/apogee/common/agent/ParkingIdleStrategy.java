package io.apogee.common.agent;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Parks the agent's thread until its next deadline, or earlier when {@link AgentRunner#wake()} unparks it.
 * The agent says how long it may sleep now, 0 or less meaning "not at all": the runner asks only after it
 * has marked itself idle, so a producer that publishes work and then calls {@link AgentRunner#wake()} either
 * is seen by that question or unparks the sleep; a wake-up is never lost.
 *
 * <p>Thread safety: called by the runner's thread only; {@code sleepNanos} runs there too.
 */
public final class ParkingIdleStrategy implements IdleStrategy {

    private final LongSupplier sleepNanos;

    /** @param sleepNanos how long the agent may sleep now; 0 or less when work is waiting */
    public ParkingIdleStrategy(LongSupplier sleepNanos) {
        this.sleepNanos = sleepNanos;
    }

    /** Sleeps {@code nanos} at most, woken early by {@link AgentRunner#wake()}. */
    public static ParkingIdleStrategy upTo(long nanos) {
        return new ParkingIdleStrategy(() -> nanos);
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            return;
        }
        long nanos = sleepNanos.getAsLong();
        if (nanos > 0) {
            LockSupport.parkNanos(this, nanos);
        }
    }
}
