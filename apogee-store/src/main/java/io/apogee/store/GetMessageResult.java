package io.apogee.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The answer to a queue read: a status, the offsets the pull response needs, and the messages as
 * read-only slices of the mapped commit-log files (no copy), in queue order.
 *
 * @param nextBeginOffset where the next read of this queue should start
 * @param messages        stored-layout records; each slice shares the mapped file's memory
 *
 * <p>Thread safety: immutable; the slices stay readable even if their file is deleted later.
 */
public record GetMessageResult(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                               List<ByteBuffer> messages, int bufferTotalSize) {

    public int messageCount() {
        return messages.size();
    }
}
