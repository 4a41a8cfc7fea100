package io.apogee.store.commitlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Per topic: its UTF-8 name, encoded once, and the next queue offset of each of its queues.
 *
 * <p>Thread safety: mutated only by the commit-log writer under its lock.
 */
final class TopicQueues {

    private final ByteBuffer topicBytes;
    private long[] nextOffsets = new long[8];

    TopicQueues(String topic) {
        this.topicBytes = ByteBuffer.wrap(topic.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    ByteBuffer topicBytes() {
        return topicBytes;
    }

    long next(int queueId) {
        return queueId < nextOffsets.length ? nextOffsets[queueId] : 0;
    }

    void set(int queueId, long nextOffset) {
        if (queueId >= nextOffsets.length) {
            nextOffsets = Arrays.copyOf(nextOffsets, Math.max(queueId + 1, nextOffsets.length * 2));
        }
        nextOffsets[queueId] = nextOffset;
    }
}
