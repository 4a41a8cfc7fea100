package io.apogee.broker.timer;

import io.apogee.broker.subscription.ConfigFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The timed messages waiting for their time, as (due time, commit-log offset) in buckets of one
 * millisecond ordered by due time, plus how far the timer topic's queue has been read into it.
 * The messages themselves stay in the commit log; this index only points at them.
 *
 * <p>On disk it is a snapshot plus a log of deliveries since, so that a delivery costs 8 appended
 * bytes rather than a rewrite of every waiting entry:
 * <ul>
 *   <li>{@code timerIndex.dat}, replaced atomically: magic, scanned queue offset, entry count, then
 *       each entry's due time and commit-log offset (8 + 8 bytes);</li>
 *   <li>{@code timerIndex.dat.delivered}: the commit-log offset of every message delivered since
 *       that snapshot, appended and forced by {@link #persist}; emptied after the next snapshot.</li>
 * </ul>
 * On load, delivered entries are dropped from the snapshot and remembered, and the caller reads the
 * queue again from the snapshot's scanned offset: what it finds is added unless already delivered.
 * A torn last record of the delivery log is ignored; at worst that message is delivered again.
 *
 * <p>Thread safety: owned by the timer delivery thread; {@link #persist} may also run on the thread
 * that shuts the broker down after the delivery thread stopped.
 */
final class TimerIndex {

    private static final int MAGIC = 0x41504754; // "APGT"
    /** Deliveries logged before the next snapshot is taken. */
    private static final int SNAPSHOT_AFTER_DELIVERIES = 16_384;

    private final Path file;
    private final Path deliveredFile;
    private final TreeMap<Long, List<Long>> buckets = new TreeMap<>();
    /** Delivered since the snapshot: skipped when the queue is read again after a restart. */
    private final Set<Long> deliveredSinceSnapshot = new HashSet<>();
    /** Delivered but not yet in the delivery log. */
    private final List<Long> unlogged = new ArrayList<>();
    private long scannedOffset;
    private long snapshotScannedOffset;
    private int size;

    /** Loads {@code file} and its delivery log if they exist; {@code null} keeps the index in memory only. */
    TimerIndex(Path file) {
        this.file = file;
        this.deliveredFile = file == null ? null : file.resolveSibling(file.getFileName() + ".delivered");
        byte[] stored = ConfigFile.readIfExists(file);
        if (stored == null) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        if (stored.length < 16 || in.getInt() != MAGIC) {
            throw new IllegalStateException("timer index " + file + " is not one (bad magic)");
        }
        scannedOffset = in.getLong();
        snapshotScannedOffset = scannedOffset;
        int count = in.getInt();
        if (in.remaining() != count * 16L) {
            throw new IllegalStateException("timer index " + file + " is truncated");
        }
        byte[] log = ConfigFile.readIfExists(deliveredFile);
        if (log != null) {
            ByteBuffer delivered = ByteBuffer.wrap(log);
            while (delivered.remaining() >= Long.BYTES) {
                deliveredSinceSnapshot.add(delivered.getLong());
            }
        }
        for (int i = 0; i < count; i++) {
            add(in.getLong(), in.getLong());
        }
    }

    /** Adds a waiting message, unless it was delivered since the snapshot. */
    void add(long dueMillis, long commitLogOffset) {
        if (deliveredSinceSnapshot.contains(commitLogOffset)) {
            return;
        }
        buckets.computeIfAbsent(dueMillis, d -> new ArrayList<>(1)).add(commitLogOffset);
        size++;
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

    /** Removes a delivered entry and records the delivery. */
    void remove(long dueMillis, long commitLogOffset) {
        List<Long> bucket = buckets.get(dueMillis);
        if (bucket != null && bucket.remove(commitLogOffset)) {
            size--;
            if (bucket.isEmpty()) {
                buckets.remove(dueMillis);
            }
            deliveredSinceSnapshot.add(commitLogOffset);
            unlogged.add(commitLogOffset);
        }
    }

    long scannedOffset() {
        return scannedOffset;
    }

    void scannedOffset(long offset) {
        scannedOffset = offset;
    }

    int size() {
        return size;
    }

    /** Whether a snapshot now would differ from the last one. */
    boolean changedSinceSnapshot() {
        return scannedOffset != snapshotScannedOffset || !deliveredSinceSnapshot.isEmpty();
    }

    /** Whether deliveries wait to be logged. */
    boolean dirty() {
        return !unlogged.isEmpty();
    }

    /**
     * Logs the deliveries not yet logged; takes a snapshot instead when {@code snapshot} is set or
     * the log has grown long.
     */
    void persist(boolean snapshot) {
        if (file == null) {
            return;
        }
        if (snapshot || deliveredSinceSnapshot.size() >= SNAPSHOT_AFTER_DELIVERIES) {
            writeSnapshot();
        } else if (!unlogged.isEmpty()) {
            appendDelivered();
        }
    }

    private void appendDelivered() {
        ByteBuffer out = ByteBuffer.allocate(unlogged.size() * Long.BYTES);
        unlogged.forEach(out::putLong);
        out.flip();
        try (FileChannel log = FileChannel.open(deliveredFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (out.hasRemaining()) {
                log.write(out);
            }
            log.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log timer deliveries to " + deliveredFile, e);
        }
        unlogged.clear();
    }

    /** Writes every waiting entry, then empties the delivery log the snapshot makes redundant. */
    private void writeSnapshot() {
        ByteBuffer out = ByteBuffer.allocate(16 + size * 16);
        out.putInt(MAGIC).putLong(scannedOffset).putInt(size);
        buckets.forEach((due, offsets) -> offsets.forEach(offset -> out.putLong(due).putLong(offset)));
        ConfigFile.replace(file, out.array());
        try {
            Files.deleteIfExists(deliveredFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the timer delivery log " + deliveredFile, e);
        }
        deliveredSinceSnapshot.clear();
        unlogged.clear();
        snapshotScannedOffset = scannedOffset;
    }
}
