package io.apogee.store.queue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Work other threads hand to the dispatcher thread (removing queues), run there between two passes so that
 * no queue entry is written meanwhile, each with the future its caller waits on.
 *
 * <p>Thread safety: {@link #add} and {@link #isEmpty} from any thread; {@link #runAll} on the dispatcher
 * thread; {@link #failAll} from any thread (each task is taken from the queue once, so it completes once).
 */
final class DispatcherTasks {

    private final ConcurrentLinkedQueue<Task<?>> queue = new ConcurrentLinkedQueue<>();

    /** Queues {@code work}; the future completes with its result, or its failure, once it ran. */
    <T> CompletableFuture<T> add(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Task<>(work, result));
        return result;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Runs every queued task; returns how many ran. */
    int runAll() {
        int ran = 0;
        for (Task<?> task = queue.poll(); task != null; task = queue.poll()) {
            task.run();
            ran++;
        }
        return ran;
    }

    /** Fails every queued task with {@code why}, without running it. */
    void failAll(String why) {
        for (Task<?> task = queue.poll(); task != null; task = queue.poll()) {
            task.result().completeExceptionally(new IllegalStateException(why));
        }
    }

    /** Work for the dispatcher thread and where its result goes. */
    private record Task<T>(Supplier<T> work, CompletableFuture<T> result) {

        void run() {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }
    }
}
