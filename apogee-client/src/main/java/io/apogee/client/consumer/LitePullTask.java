package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageQueue;

import java.util.List;

/**
 * The standing fetch of one queue of a lite pull consumer: where the next pull starts and a
 * generation that a seek bumps, so answers to pulls issued before the seek are recognised and
 * thrown away.
 *
 * <p>Thread safety: {@link #advance} and {@link #seek} synchronize on the task, so a seek is never
 * overwritten by a late answer.
 */
final class LitePullTask {

    /** Messages fetched by one pull, tagged with the generation they were fetched in. */
    record Fetched(LitePullTask task, long generation, List<MessageExt> messages) {
    }

    private final MessageQueue queue;
    private final ProcessQueue processQueue;
    private long nextOffset;
    private long generation;

    LitePullTask(MessageQueue queue, ProcessQueue processQueue, long nextOffset) {
        this.queue = queue;
        this.processQueue = processQueue;
        this.nextOffset = nextOffset;
    }

    MessageQueue queue() { return queue; }
    ProcessQueue processQueue() { return processQueue; }

    synchronized long nextOffset() { return nextOffset; }
    synchronized long generation() { return generation; }

    /** Moves the next offset forward after a pull of {@code generation}; false if a seek came in between. */
    synchronized boolean advance(long pulledGeneration, long next) {
        if (pulledGeneration != generation) {
            return false;
        }
        nextOffset = next;
        return true;
    }

    /** Restarts fetching at {@code offset}, discarding what was fetched before. */
    synchronized void seek(long offset) {
        generation++;
        nextOffset = offset;
        processQueue.clear();
    }
}
