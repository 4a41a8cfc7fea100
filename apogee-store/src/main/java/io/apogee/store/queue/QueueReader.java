package io.apogee.store.queue;

import io.apogee.protocol.message.StoredMessageView;
import io.apogee.store.GetMessageResult;
import io.apogee.store.GetMessageStatus;
import io.apogee.store.QueueEntry;
import io.apogee.store.TransferLimits;
import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.commitlog.CommitLogReads;
import io.apogee.store.file.MappedFile;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads queues: resolves consume-queue entries to slices of the mapped commit-log files, applies the tag
 * filter on the entries' hash codes, and answers offset and time lookups. The consecutive entries of an inner
 * batch name one record: a read returns it once, counts each of its messages against the read's limits, and
 * never ends between its entries, so the next read starts after it. Reads never go past the visible
 * commit-log offset, so under SYNC_FLUSH nothing unforced is served.
 *
 * <p>Every file is read only while held (see {@link MappedFile#hold()}): consume-queue files for the duration
 * of a call, commit-log files for as long as the returned {@link GetMessageResult} is not released.
 *
 * <p>Thread safety: any thread; each call uses its own view object.
 */
public final class QueueReader {

    /** Entries scanned per read at most, so a selective tag filter cannot make a read unbounded. */
    static final int MAX_SCAN_ENTRIES = 800;

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final LongSupplier visibleOffset;
    private final TransferLimits limits;

    public QueueReader(CommitLog commitLog, ConsumeQueueTable queues, LongSupplier visibleOffset) {
        this(commitLog, queues, visibleOffset, TransferLimits.NONE);
    }

    /** A reader whose reads return no more than {@code limits} allow, whatever the caller asks for. */
    public QueueReader(CommitLog commitLog, ConsumeQueueTable queues, LongSupplier visibleOffset,
                       TransferLimits limits) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.visibleOffset = visibleOffset;
        this.limits = limits;
    }

    public GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, int maxBytes,
                                       long[] tagCodes) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null || queue.maxOffset() == 0) {
            return new GetMessageResult(GetMessageStatus.NO_MESSAGE_IN_QUEUE, 0, 0, 0, List.of(), 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (offset < min) {
            return new GetMessageResult(GetMessageStatus.OFFSET_TOO_SMALL, min, min, max, List.of(), 0);
        }
        if (offset == max) {
            return new GetMessageResult(GetMessageStatus.OFFSET_OVERFLOW_ONE, offset, min, max, List.of(), 0);
        }
        if (offset > max) {
            return new GetMessageResult(GetMessageStatus.OFFSET_OVERFLOW_BADLY, min == 0 ? min : max, min, max,
                    List.of(), 0);
        }
        long visible = visibleOffset.getAsLong();
        long commitLogMin = commitLog.minOffset();
        RecordRuns records = new RecordRuns();
        FileLeases leases = new FileLeases();
        MappedFile entriesFile = null;
        int counted = 0;
        long lastPhysical = -1;
        boolean removing = false;
        long q = offset;
        long scanLimit = offset + Math.max(maxMsgNums, MAX_SCAN_ENTRIES);
        try {
            while (q < max) {
                if (entriesFile == null || ConsumeQueue.indexIn(entriesFile, q) >= entriesFile.fileSize()) {
                    if (entriesFile != null) {
                        entriesFile.release();
                    }
                    entriesFile = queue.holdFileFor(q);
                    if (entriesFile == null) {
                        break;
                    }
                }
                int at = ConsumeQueue.indexIn(entriesFile, q);
                ByteBuffer entries = entriesFile.buffer();
                long physical = entries.getLong(at);
                int size = entries.getInt(at + 8);
                if (physical == lastPhysical && size > 0) {
                    // Another message of the inner batch just read: its record is in already.
                    counted++;
                    q++;
                    continue;
                }
                if (q >= scanLimit || counted >= maxMsgNums) {
                    break;
                }
                long tagsCode = entries.getLong(at + 12);
                if (size <= 0 || physical + size > visible) {
                    break;
                }
                if (physical < commitLogMin) {
                    removing = true;
                    q++;
                    continue;
                }
                if (tagCodes != null && tagsCode != QueueEntry.TAGS_INSIDE && !contains(tagCodes, tagsCode)) {
                    q++;
                    continue;
                }
                if (records.count() > 0) {
                    boolean inMemory = limits.inMemory(physical, visible);
                    if (counted >= limits.count(inMemory)
                            || records.bytes() + size > Math.min(maxBytes, limits.bytes(inMemory))) {
                        break;
                    }
                }
                MappedFile file = leases.hold(commitLog, physical);
                if (file == null || !CommitLogReads.readable(file, physical, size, visible)) {
                    removing = true;
                    q++;
                    continue;
                }
                records.add(file, (int) (physical - file.fileFromOffset()), size);
                lastPhysical = physical;
                counted++;
                q++;
            }
        } catch (RuntimeException | Error e) {
            leases.run();
            throw e;
        } finally {
            if (entriesFile != null) {
                entriesFile.release();
            }
        }
        if (records.count() == 0) {
            leases.run();
            return new GetMessageResult(removing ? GetMessageStatus.MESSAGE_WAS_REMOVING
                    : GetMessageStatus.NO_MATCHED_MESSAGE, q, min, max, List.of(), 0);
        }
        return records.finish(GetMessageStatus.FOUND, q, min, max, leases);
    }

    private static boolean contains(long[] codes, long code) {
        for (long c : codes) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of the record at a physical offset, or null when there is none (or it is not visible). A copy,
     * not a slice, because the caller has no way to say when it is done with it.
     */
    public ByteBuffer messageAt(long physicalOffset) {
        long visible = visibleOffset.getAsLong();
        MappedFile file = physicalOffset < commitLog.minOffset() ? null : commitLog.hold(physicalOffset);
        if (file == null) {
            return null;
        }
        try {
            StoredMessageView view = new StoredMessageView();
            if (!CommitLogReads.read(file, physicalOffset, visible, view)) {
                return null;
            }
            int size = view.totalSize();
            if (size <= 0 || !view.isWellFormed(view.buffer().capacity())) {
                return null;
            }
            ByteBuffer slice = CommitLogReads.slice(file, physicalOffset, size, visible);
            return slice == null ? null : ByteBuffer.allocate(size).put(slice).flip();
        } finally {
            file.release();
        }
    }

    /**
     * Whether the message at {@code queueOffset} is stored and its bytes are in the page cache, as RocketMQ
     * 5.3.3 decides where a group that never committed starts: a read of it would not touch the disk.
     */
    public boolean inPageCache(String topic, int queueId, long queueOffset) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null || queueOffset < queue.minOffset() || queueOffset >= queue.maxOffset()) {
            return false;
        }
        long physical = queue.commitLogOffset(queueOffset);
        int size = queue.size(queueOffset);
        MappedFile file = physical < commitLog.minOffset() || size <= 0 ? null : commitLog.hold(physical);
        if (file == null) {
            return false;
        }
        try {
            int position = (int) (physical - file.fileFromOffset());
            return position >= 0 && position + size <= file.fileSize() && file.isResident(position, size);
        } finally {
            file.release();
        }
    }

    /** Store timestamp of the message at a queue offset, or -1. */
    public long storeTime(String topic, int queueId, long queueOffset) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? -1 : storeTimeAt(queue.commitLogOffset(queueOffset));
    }

    private long storeTimeAt(long physical) {
        MappedFile file = physical < commitLog.minOffset() ? null : commitLog.hold(physical);
        if (file == null) {
            return -1;
        }
        try {
            StoredMessageView view = new StoredMessageView();
            return CommitLogReads.read(file, physical, visibleOffset.getAsLong(), view) ? view.storeTimestamp() : -1;
        } finally {
            file.release();
        }
    }

    /**
     * The first queue offset whose message was stored at or after {@code timestamp} (binary search over the
     * entries); the max offset when every message is older, the min offset when none is readable.
     */
    public long offsetByTime(String topic, int queueId, long timestamp) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null) {
            return 0;
        }
        long low = queue.minOffset();
        long high = queue.maxOffset();
        while (low < high) {
            long middle = (low + high) >>> 1;
            long time = storeTime(topic, queueId, middle);
            if (time < 0) {
                low = middle + 1;
            } else if (time < timestamp) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Store time of the oldest readable message in the whole commit log, or -1. */
    public long earliestStoreTime() {
        return storeTimeAt(commitLog.minOffset());
    }
}
