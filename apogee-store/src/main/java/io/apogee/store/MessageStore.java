package io.apogee.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The store at the module seam: appends messages to the commit log, serves queue reads as slices of mapped
 * files, looks messages up by offset, time and key, and owns recovery, flushing and retention.
 *
 * <pre>
 * append ──► commit log (one writer) ──► flusher (async interval | group commit)
 *                   └──► dispatcher thread ──► consume queues + index ──► DispatchListeners
 * getMessage ◄── consume queue entries ◄── commit-log slices (no copy, never past the visible offset)
 * </pre>
 *
 * <p>Thread safety: every method may be called from any thread after {@link #start()}. {@link #append}
 * blocks its caller under SYNC_FLUSH until the group force covers it (at most {@code syncFlushTimeout});
 * {@link #appendAsync} never blocks on disk. Reads never block on disk writes.
 */
public interface MessageStore {

    /** Recovers the files (after a crash: checks the commit-log tail and repairs queues and index) and starts. */
    void start() throws IOException;

    /** Flushes everything, writes the checkpoint and the clean-shutdown marker, stops the threads. */
    void shutdown();

    /**
     * Appends one message or a batch; results are written into {@code request}. Allocation-free under
     * ASYNC_FLUSH; under SYNC_FLUSH waits for the force covering the message(s).
     */
    AppendStatus append(AppendRequest request);

    /** As {@link #append}, but a SYNC_FLUSH wait is answered later by the flusher thread. */
    CompletableFuture<AppendStatus> appendAsync(AppendRequest request);

    /**
     * As {@link #appendAsync(AppendRequest)}, but under ASYNC_FLUSH the store may write the records behind: stage
     * them with others and copy them all into the file with one write, run by a task given to
     * {@code writeBehindOn}. The future completes once the records are in the file (the page cache). For a
     * caller on an event loop that reads many sends per wake-up and answers each when its future completes.
     */
    default CompletableFuture<AppendStatus> appendAsync(AppendRequest request, Executor writeBehindOn) {
        return appendAsync(request);
    }

    /**
     * Whether an {@link #appendAsync} made now would only copy into the commit-log file being written: that file
     * has room for the largest message twice over, so no roll to a new file (which may wait for the file's
     * allocation) is near. A hint read without the append lock, for callers deciding whether an append may run
     * on a thread that must not wait; the append itself still rolls when it must.
     */
    default boolean appendsInPlace() {
        return false;
    }

    /**
     * Up to {@code maxMsgNums} messages (and about {@code maxBytes}) of a queue from {@code offset};
     * {@code tagCodes} null means no tag filter. The messages are slices of mapped files: call
     * {@link GetMessageResult#release()} once they are written out (or dropped), so that files deleted by
     * retention meanwhile can be unmapped; an unreleased result leaves that to the garbage collector.
     */
    GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, int maxBytes, long[] tagCodes);

    /** A copy of the stored record at a commit-log offset (heap buffer, nothing to release), or null. */
    ByteBuffer getMessageByOffset(long commitLogOffset);

    long minOffsetInQueue(String topic, int queueId);

    long maxOffsetInQueue(String topic, int queueId);

    /** First queue offset stored at or after {@code timestamp}. */
    long offsetInQueueByTime(String topic, int queueId, long timestamp);

    /** Whether the message at a queue offset is stored and its bytes are in the page cache now. */
    boolean isInPageCache(String topic, int queueId, long queueOffset);

    /**
     * Up to {@code count} consume-queue entries of a queue from queue offset {@code from} (admin tools read
     * them), or null when the store has no such queue.
     */
    List<QueueEntry> queueEntries(String topic, int queueId, long from, int count);

    /** Store time of the message at a queue offset, or -1. */
    long messageStoreTime(String topic, int queueId, long queueOffset);

    /** Store time of the oldest message of a queue, or -1. */
    long earliestMessageTime(String topic, int queueId);

    /** Store time of the newest message of a queue, or -1. */
    long latestMessageTime(String topic, int queueId);

    /** Store time of the oldest message in the store, or -1. */
    long earliestMessageTime();

    /**
     * Messages of {@code topic} with {@code key} among their KEYS or as their UNIQ_KEY, stored within
     * [begin, end] ms, newest first, at most {@code maxNum}; copies, like {@link #getMessageByOffset}.
     */
    List<ByteBuffer> queryMessage(String topic, String key, int maxNum, long begin, long end);

    /** The first commit-log offset held. */
    long commitLogMinOffset();

    /** The commit-log offset readers may read up to. */
    long commitLogMaxOffset();

    /**
     * Replication, on a slave: writes whole records copied from the master's commit log at exactly
     * {@code offset} (where this log ends), lets the dispatcher build queues and index from them, and, under
     * SYNC_FLUSH, returns only once they are forced. Returns the new end of the log. Called by one thread.
     *
     * @throws IllegalArgumentException when the bytes do not continue this log or are not whole records
     * @throws IllegalStateException    when the store cannot write them (not running, flush failed, no file)
     */
    long appendReplicated(long offset, ByteBuffer records);

    /**
     * Replication, on a slave whose log diverged from its new master's: cuts the commit log back to
     * {@code offset} (a record boundary), so that consume queues and index no longer point past it, and
     * returns the new end (the old one when it ends before {@code offset}). Called by the one replicating
     * thread, never concurrently with {@link #appendReplicated}.
     *
     * @throws IllegalArgumentException when the log begins after {@code offset}
     * @throws IllegalStateException    when the store is not running
     */
    long truncateCommitLog(long offset);

    /**
     * Replication, on a slave about to become master: waits until every replicated record is in its consume
     * queue, then makes appends continue each queue's offsets from there. Without it a new master would hand
     * out queue offsets the replicated messages already hold, and their entries would be overwritten. Called
     * while nothing appends (the replicating thread stopped, senders refused).
     *
     * @throws IllegalStateException when the store is not running
     */
    void continueQueueOffsets();

    /**
     * Replication, on a master: copies whole records of the commit log from {@code offset} (a record boundary
     * it shipped up to before), readable now and within one file, about {@code maxBytes} of them (at least one
     * record; {@code into} must have room for the largest, {@code maxMessageSize}), into {@code into}. Returns
     * how far past {@code offset} the copied records reach in the log, 0 when there is nothing new; a BLANK
     * filler that ends a file is copied alone as its 8-byte header and reaches the end of the file (a slave's
     * {@link #appendReplicated} expects it so). Any thread.
     *
     * @throws IllegalArgumentException when the log does not hold {@code offset}
     */
    int copyCommitLog(long offset, int maxBytes, ByteBuffer into);

    /** True while appends are refused for lack of disk space. */
    boolean isDiskFull();

    /** Registers a listener told about every message dispatched to a consume queue. */
    void addDispatchListener(DispatchListener listener);

    /** Stops telling {@code listener} (added before) about dispatched messages; nothing if it was not added. */
    void removeDispatchListener(DispatchListener listener);

    /** The topics that have consume queues here. */
    Set<String> queuedTopics();

    /**
     * Deletes every consume queue of {@code topics} (their messages stay in the commit log until retention
     * takes them); completes with the number of queues deleted.
     */
    CompletableFuture<Integer> deleteTopicQueues(Set<String> topics);

    /**
     * Deletes the files of consume queues whose every message retention already took from the commit log;
     * their offsets stay. Completes with the number of such queues.
     */
    CompletableFuture<Integer> deleteExpiredQueues();
}
