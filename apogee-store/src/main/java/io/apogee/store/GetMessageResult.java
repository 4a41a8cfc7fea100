package io.apogee.store;

import io.apogee.protocol.message.StoredMessageLayout;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The answer to a queue read: a status, the offsets the pull response needs, and the messages as
 * read-only slices of the mapped commit-log files (no copy), in queue order. A read keeps the records as runs
 * of adjacent bytes and makes the slice of each record only when {@link #messages()} is first called.
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
    private final List<ByteBuffer> runs;
    /** Where each record starts in its run (0 for a run's first record), and its length; null with a list given. */
    private final int[] starts;
    private final int[] sizes;
    private final int count;
    private final long lastPhysicalOffset;
    private final int bufferTotalSize;
    private volatile List<ByteBuffer> messages;
    private final AtomicReference<Runnable> release;

    /** A result holding no file references (no messages, or slices that need no release). */
    public GetMessageResult(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                            List<ByteBuffer> messages, int bufferTotalSize) {
        this(status, nextBeginOffset, minOffset, maxOffset, messages, messages, null, null, messages.size(),
                messages.isEmpty() ? -1 : StoredMessageLayout.physicalOffset(messages.get(messages.size() - 1)),
                bufferTotalSize, null);
    }

    /**
     * A result whose records are the runs cut at {@code starts} and {@code sizes} (the first {@code count}
     * entries of each): record i starts {@code starts[i]} bytes into its run, and a run's first record starts
     * at 0.
     *
     * @param lastPhysicalOffset the commit-log offset of the last record
     * @param release gives back the file references the runs depend on; run once by {@link #release()}
     */
    public static GetMessageResult ofRuns(GetMessageStatus status, long nextBeginOffset, long minOffset,
                                          long maxOffset, List<ByteBuffer> runs, int[] starts, int[] sizes,
                                          int count, long lastPhysicalOffset, int bufferTotalSize,
                                          Runnable release) {
        return new GetMessageResult(status, nextBeginOffset, minOffset, maxOffset, null, runs, starts, sizes, count,
                lastPhysicalOffset, bufferTotalSize, release);
    }

    private GetMessageResult(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                             List<ByteBuffer> messages, List<ByteBuffer> runs, int[] starts, int[] sizes, int count,
                             long lastPhysicalOffset, int bufferTotalSize, Runnable release) {
        this.status = status;
        this.nextBeginOffset = nextBeginOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
        this.messages = messages;
        this.runs = runs;
        this.starts = starts;
        this.sizes = sizes;
        this.count = count;
        this.lastPhysicalOffset = lastPhysicalOffset;
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

    /** Stored-layout records, valid until {@link #release()}; the slices are made on the first call. */
    public List<ByteBuffer> messages() {
        List<ByteBuffer> list = messages;
        if (list == null) {
            list = sliceRecords();
            messages = list;
        }
        return list;
    }

    /** The commit-log offset of the last record, without slicing or reading it; -1 when there is none. */
    public long lastPhysicalOffset() {
        return lastPhysicalOffset;
    }

    private List<ByteBuffer> sliceRecords() {
        ByteBuffer[] records = new ByteBuffer[count];
        int run = -1;
        for (int i = 0; i < count; i++) {
            if (starts[i] == 0) {
                run++;
            }
            records[i] = runs.get(run).slice(starts[i], sizes[i]);
        }
        return Arrays.asList(records);
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
        return count;
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
                + ", maxOffset=" + maxOffset + ", messages=" + count + ", bufferTotalSize=" + bufferTotalSize
                + "]";
    }
}
