package io.apogee.store;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The answer to a queue read: a status, the offsets the pull response needs, and the messages as
 * read-only slices of the mapped commit-log files (no copy), in queue order.
 *
 * <p>Lifetime of the slices: the result holds a reference on every commit-log file its slices point into, so
 * retention may delete such a file but does not unmap it while the result is in use. Call {@link #release()}
 * once the slices are no longer needed (for a pull: when the network write of the response completed or
 * failed); after that the slices must not be touched, since their file may be unmapped. A result never
 * released keeps its files mapped until the garbage collector unmaps them after the slices became
 * unreachable (the behaviour before reference counting), so forgetting to release leaks nothing but delays
 * the return of a deleted file's memory and disk space.
 *
 * <p>Thread safety: immutable apart from the release, which may be called from any thread, and more than
 * once (only the first call counts).
 *
 * @see #release()
 */
public final class GetMessageResult implements AutoCloseable {

    private static final Runnable RELEASED = () -> { };

    private final GetMessageStatus status;
    private final long nextBeginOffset;
    private final long minOffset;
    private final long maxOffset;
    private final List<ByteBuffer> messages;
    private final List<ByteBuffer> runs;
    private final int bufferTotalSize;
    private final AtomicReference<Runnable> release;

    /** A result holding no file references (no messages, or slices that need no release). */
    public GetMessageResult(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                            List<ByteBuffer> messages, int bufferTotalSize) {
        this(status, nextBeginOffset, minOffset, maxOffset, messages, messages, bufferTotalSize, null);
    }

    /**
     * @param messages stored-layout records; each slice shares the mapped file's memory
     * @param runs     the same bytes in the same order, adjacent records joined into one slice
     * @param release  gives back the file references the slices depend on; run once by {@link #release()}
     */
    public GetMessageResult(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                            List<ByteBuffer> messages, List<ByteBuffer> runs, int bufferTotalSize, Runnable release) {
        this.status = status;
        this.nextBeginOffset = nextBeginOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
        this.messages = messages;
        this.runs = runs;
        this.bufferTotalSize = bufferTotalSize;
        this.release = new AtomicReference<>(release == null ? RELEASED : release);
    }

    public GetMessageStatus status() {
        return status;
    }

    /** Where the next read of this queue should start. */
    public long nextBeginOffset() {
        return nextBeginOffset;
    }

    public long minOffset() {
        return minOffset;
    }

    public long maxOffset() {
        return maxOffset;
    }

    /** Stored-layout records, valid until {@link #release()}. */
    public List<ByteBuffer> messages() {
        return messages;
    }

    /**
     * The bytes of {@link #messages()}, in the same order, as few slices as possible: records adjacent in one
     * commit-log file share a slice. For writing the records out as they are; valid until {@link #release()}.
     */
    public List<ByteBuffer> runs() {
        return runs;
    }

    public int bufferTotalSize() {
        return bufferTotalSize;
    }

    public int messageCount() {
        return messages.size();
    }

    /**
     * Gives back the references on the mapped files the slices point into, so a deleted file can be unmapped.
     * Idempotent and thread safe; the slices must not be read afterwards.
     *
     * @return true if this call gave references back; false if an earlier call did, or the result held none
     */
    public boolean release() {
        Runnable action = release.getAndSet(RELEASED);
        if (action == RELEASED) {
            return false;
        }
        action.run();
        return true;
    }

    /** True once {@link #release()} ran (always true for a result that held nothing). */
    public boolean isReleased() {
        return release.get() == RELEASED;
    }

    /** Same as {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "GetMessageResult[status=" + status + ", nextBeginOffset=" + nextBeginOffset + ", minOffset=" + minOffset
                + ", maxOffset=" + maxOffset + ", messages=" + messages.size() + ", bufferTotalSize=" + bufferTotalSize
                + "]";
    }
}
