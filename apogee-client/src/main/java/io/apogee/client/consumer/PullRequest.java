package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

/**
 * The standing pull of one queue: which queue, its process queue, and where the next pull starts.
 *
 * <p>Thread safety: only one pull of a queue is in flight at a time, so {@code nextOffset} is
 * handed from the pull thread to the transport thread and back; volatile for visibility.
 */
final class PullRequest {

    private final MessageQueue queue;
    private final ProcessQueue processQueue;
    private volatile long nextOffset;

    PullRequest(MessageQueue queue, ProcessQueue processQueue, long nextOffset) {
        this.queue = queue;
        this.processQueue = processQueue;
        this.nextOffset = nextOffset;
    }

    MessageQueue queue() { return queue; }
    ProcessQueue processQueue() { return processQueue; }
    long nextOffset() { return nextOffset; }
    void nextOffset(long offset) { nextOffset = offset; }
}
