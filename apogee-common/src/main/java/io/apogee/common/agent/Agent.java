package io.apogee.common.agent;

/**
 * One owner thread's job, done in passes: {@link #doWork()} does what there is to do now and says how much
 * that was, so the {@link AgentRunner} can idle when a pass found nothing. The agent never sleeps between
 * passes itself and never starts or stops its thread; it may block inside a pass only on what it owns (a
 * force, a file write).
 *
 * <p>Thread safety: every method is called by the runner's one thread, in the order {@link #onStart()},
 * {@link #doWork()} (and {@link #onError} after a failure) any number of times, {@link #onClose()}. Other
 * threads talk to the agent through its own thread-safe methods (a volatile offset, a wake-up), never through
 * these.
 */
public interface Agent {

    /** Runs once on the agent's thread before the first pass. */
    default void onStart() {
    }

    /**
     * One pass; returns how much work it did (0 when it found nothing to do, so the runner idles). An
     * exception is counted and logged by the runner, which backs off and calls again.
     */
    int doWork() throws Exception;

    /**
     * Runs on the agent's thread for each error thrown by a pass or while the runner idled, before the runner
     * counts and logs it. The JVM raises a fault in a mapped-memory access (a SIGBUS, as InternalError) at the
     * thread's next transition, which may come after the pass that caused it returned: an agent that writes
     * into mappings handles such faults here, not only around its pass.
     */
    default void onError(Throwable e) {
    }

    /**
     * Runs once on the agent's thread after the last pass when the runner is closed in time (a last
     * flush, a last checkpoint). It does not run when the close timed out: the agent's state is then
     * left as it is for the next start to recover.
     */
    default void onClose() {
    }

    /** The thread's name and the agent's name in log lines. */
    String roleName();
}
