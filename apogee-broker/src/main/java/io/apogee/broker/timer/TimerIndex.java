package io.apogee.broker.timer;

import io.apogee.broker.subscription.ConfigFile;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timed messages waiting for their time, as (due time, commit-log offset) in buckets of one
 * millisecond ordered by due time, plus how far the timer topic's queue has been read into it.
 * The messages themselves stay in the commit log; this index only points at them.
 *
 * <p>Persisted as {@code timerIndex.dat}: magic, scanned queue offset, entry count, then each
 * entry's due time and commit-log offset (8 + 8 bytes), replaced atomically. The scanned offset and
 * the entries are written together, so reading the queue again from the stored scanned offset adds
 * exactly the messages the stored entries do not hold.
 *
 * <p>Thread safety: owned by the timer delivery thread; {@link #persist()} may also run on the thread
 * that shuts the broker down after the delivery thread stopped.
 */
final class TimerIndex {

    private static final int MAGIC = 0x41504754; // "APGT"

    private final Path file;
    private final TreeMap<Long, List<Long>> buckets = new TreeMap<>();
    private long scannedOffset;
    private int size;
    private boolean dirty;

    /** Loads {@code file} if it exists; {@code null} keeps the index in memory only. */
    TimerIndex(Path file) {
        this.file = file;
        byte[] stored = ConfigFile.readIfExists(file);
        if (stored == null) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        if (stored.length < 16 || in.getInt() != MAGIC) {
            throw new IllegalStateException("timer index " + file + " is not one (bad magic)");
        }
        scannedOffset = in.getLong();
        int count = in.getInt();
        if (in.remaining() != count * 16L) {
            throw new IllegalStateException("timer index " + file + " is truncated");
        }
        for (int i = 0; i < count; i++) {
            add(in.getLong(), in.getLong());
        }
        dirty = false;
    }

    void add(long dueMillis, long commitLogOffset) {
        buckets.computeIfAbsent(dueMillis, d -> new ArrayList<>(1)).add(commitLogOffset);
        size++;
        dirty = true;
    }

    /** The earliest due time, or {@link Long#MAX_VALUE} when nothing waits. */
    long nextDue() {
        return buckets.isEmpty() ? Long.MAX_VALUE : buckets.firstKey();
    }

    /** The entries of the earliest bucket if it is due at {@code nowMillis}, else {@code null}. */
    Map.Entry<Long, List<Long>> firstDue(long nowMillis) {
        Map.Entry<Long, List<Long>> first = buckets.firstEntry();
        return first != null && first.getKey() <= nowMillis ? first : null;
    }

    /** Removes one delivered entry. */
    void remove(long dueMillis, long commitLogOffset) {
        List<Long> bucket = buckets.get(dueMillis);
        if (bucket != null && bucket.remove(commitLogOffset)) {
            size--;
            dirty = true;
            if (bucket.isEmpty()) {
                buckets.remove(dueMillis);
            }
        }
    }

    long scannedOffset() {
        return scannedOffset;
    }

    void scannedOffset(long offset) {
        if (offset != scannedOffset) {
            scannedOffset = offset;
            dirty = true;
        }
    }

    int size() {
        return size;
    }

    /** Whether the index changed since the last write. */
    boolean dirty() {
        return dirty;
    }

    /** Writes the index if it changed since the last write. */
    void persist() {
        if (!dirty || file == null) {
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(16 + size * 16);
        out.putInt(MAGIC).putLong(scannedOffset).putInt(size);
        buckets.forEach((due, offsets) -> offsets.forEach(offset -> out.putLong(due).putLong(offset)));
        ConfigFile.replace(file, out.array());
        dirty = false;
    }
}
