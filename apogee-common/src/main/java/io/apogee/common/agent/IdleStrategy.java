package io.apogee.common.agent;

/**
 * How an {@link AgentRunner} waits after a pass that found nothing to do.
 *
 * <p>Thread safety: called by the runner's thread only.
 */
@FunctionalInterface
public interface IdleStrategy {

    /** Waits, or returns at once, after a pass that did {@code workCount} work; does nothing when it did some. */
    void idle(int workCount);
}
