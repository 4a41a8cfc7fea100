package io.apogee.remoting.processor;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a request on the I/O thread that decoded it while {@code inPlace} says the processor has nothing to wait
 * for, and on a bounded pool otherwise. For a processor whose common case only copies memory (a send appended to
 * a commit-log file that has room): a hand-off costs more there than the work, a wake-up of a pool thread
 * and another of the I/O thread for the answer. The uncommon case (a send that may roll to a new file) still
 * goes to the pool, so an I/O thread never waits for a file.
 *
 * <p>The condition is asked before every request, so it must be cheap and must not block. Once the pool is shut
 * down every request goes to it, and it refuses them as the dispatcher expects (SYSTEM_BUSY).
 *
 * <p>Thread safety: as the pool; the condition is called concurrently by I/O threads.
 */
public final class InPlaceExecutor extends AbstractExecutorService {

    private final ThreadPoolExecutor pool;
    private final BooleanSupplier inPlace;

    /**
     * @param pool    where requests run when {@code inPlace} is false; this executor's lifecycle is the pool's
     * @param inPlace whether the next request may run on the calling thread
     */
    public InPlaceExecutor(ThreadPoolExecutor pool, BooleanSupplier inPlace) {
        this.pool = pool;
        this.inPlace = inPlace;
    }

    @Override
    public void execute(Runnable task) {
        if (runsHere()) {
            task.run();
        } else {
            pool.execute(task);
        }
    }

    /**
     * Whether a request given now would run on the calling thread. A caller that must prepare a request for
     * another thread asks this once and then runs the task itself or gives it to {@link #pool()}.
     */
    public boolean runsHere() {
        return !pool.isShutdown() && inPlace.getAsBoolean();
    }

    /** Where requests run when they do not run in place. */
    public ThreadPoolExecutor pool() {
        return pool;
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
