package io.apogee.remoting.client;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * The requests issued to a connection while it is still opening, written in the order issued once it is
 * open (or failed, once it has failed). They are kept in one queue and run one after another by the thread
 * that completes the opening, rather than each waiting on the previous one's future: a chain of thousands of
 * futures completes by nested calls, and a burst of sends then ran out of stack and left the rest of the
 * chain never completed.
 *
 * <p>Thread safety: {@link #add} from any thread; {@link #drain} once, by the thread that completes the
 * opening. A request added after the drain emptied the queue is refused, and its caller writes it itself:
 * everything queued before was written by then.
 */
final class OpeningWrites<C> {

    private final ArrayDeque<BiConsumer<C, Throwable>> queue = new ArrayDeque<>();
    private boolean drained;

    /** Queues {@code write}; false when the connection is open and drained, and the caller must write itself. */
    synchronized boolean add(BiConsumer<C, Throwable> write) {
        if (drained) {
            return false;
        }
        queue.add(write);
        return true;
    }

    /** Runs every queued write in order with the opened connection, or the failure, until none is left. */
    void drain(C connection, Throwable failure) {
        while (true) {
            BiConsumer<C, Throwable> write;
            synchronized (this) {
                write = queue.poll();
                if (write == null) {
                    drained = true;
                    return;
                }
            }
            write.accept(connection, failure);
        }
    }
}
