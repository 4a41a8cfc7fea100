package io.apogee.store.queue;

import io.apogee.protocol.message.StoredMessageView;
import io.apogee.store.GetMessageResult;
import io.apogee.store.GetMessageStatus;
import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.file.MappedFile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads queues: resolves consume-queue entries to slices of the mapped commit-log files, applies the tag
 * filter on the entries' hash codes, and answers offset and time lookups. Reads never go past the visible
 * commit-log offset, so under SYNC_FLUSH nothing unforced is served.
 *
 * <p>Thread safety: any thread; each call uses its own view object.
 */
public final class QueueReader {

    /** Entries scanned per read at most, so a selective tag filter cannot make a read unbounded. */
    static final int MAX_SCAN_ENTRIES = 800;

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final LongSupplier visibleOffset;

    public QueueReader(CommitLog commitLog, ConsumeQueueTable queues, LongSupplier visibleOffset) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.visibleOffset = visibleOffset;
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
        List<ByteBuffer> messages = new ArrayList<>(Math.min(maxMsgNums, 32));
        int bytes = 0;
        boolean removing = false;
        long q = offset;
        long scanLimit = offset + Math.max(maxMsgNums, MAX_SCAN_ENTRIES);
        while (q < max && q < scanLimit && messages.size() < maxMsgNums) {
            MappedFile file = queue.fileFor(q);
            if (file == null) {
                break;
            }
            int at = ConsumeQueue.indexIn(file, q);
            ByteBuffer entries = file.buffer();
            long physical = entries.getLong(at);
            int size = entries.getInt(at + 8);
            long tagsCode = entries.getLong(at + 12);
            if (size <= 0 || physical + size > visible) {
                break;
            }
            if (physical < commitLogMin) {
                removing = true;
                q++;
                continue;
            }
            if (tagCodes != null && !contains(tagCodes, tagsCode)) {
                q++;
                continue;
            }
            if (!messages.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            ByteBuffer slice = commitLog.slice(physical, size, visible);
            if (slice == null) {
                removing = true;
                q++;
                continue;
            }
            messages.add(slice);
            bytes += size;
            q++;
        }
        GetMessageStatus status = !messages.isEmpty() ? GetMessageStatus.FOUND
                : removing ? GetMessageStatus.MESSAGE_WAS_REMOVING : GetMessageStatus.NO_MATCHED_MESSAGE;
        return new GetMessageResult(status, q, min, max, messages, bytes);
    }

    private static boolean contains(long[] codes, long code) {
        for (long c : codes) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }

    /** The record at a physical offset as a slice, or null when there is none (or it is not visible). */
    public ByteBuffer messageAt(long physicalOffset) {
        StoredMessageView view = new StoredMessageView();
        long visible = visibleOffset.getAsLong();
        if (physicalOffset < commitLog.minOffset() || !commitLog.read(physicalOffset, visible, view)) {
            return null;
        }
        int size = view.totalSize();
        if (size <= 0 || !view.isWellFormed(view.buffer().capacity())) {
            return null;
        }
        return commitLog.slice(physicalOffset, size, visible);
    }

    /** Store timestamp of the message at a queue offset, or -1. */
    public long storeTime(String topic, int queueId, long queueOffset) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null) {
            return -1;
        }
        long physical = queue.commitLogOffset(queueOffset);
        StoredMessageView view = new StoredMessageView();
        return physical < commitLog.minOffset() || !commitLog.read(physical, visibleOffset.getAsLong(), view)
                ? -1 : view.storeTimestamp();
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
        StoredMessageView view = new StoredMessageView();
        long min = commitLog.minOffset();
        return commitLog.read(min, visibleOffset.getAsLong(), view) ? view.storeTimestamp() : -1;
    }
}
