package io.apogee.store.queue;

import io.apogee.store.QueueEntry;
import io.apogee.store.file.FileSpace;
import io.apogee.store.file.MappedFile;
import io.apogee.store.file.MappedFileQueue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The consume queue of one topic queue: fixed 20-byte entries (commit-log offset int64, size int32, tags
 * code int64), so queue offset {@code q} is at byte {@code 20 q}. An entry with size 0 is a hole (never
 * written). Writing an entry is idempotent, which lets recovery re-dispatch over already-built entries.
 * The files are sparse; each page gets its disk block before its first entry ({@link MappedFile#backPages}), so
 * a full disk fails the write of an entry with an exception the dispatcher retries, never a lost entry.
 *
 * <p>Thread safety: entries are written and files added by the dispatcher thread (or recovery before it
 * starts); head files are removed by the retention thread, which only removes files the dispatcher is done
 * with. Any thread reads entries below {@link #maxOffset()}, holding the file ({@link #holdFileFor}) while
 * it reads, since a removed file is unmapped once released.
 */
public final class ConsumeQueue {

    public static final int ENTRY_SIZE = 20;
    /**
     * Pages given their blocks ahead of the writer, so that this happens once per 819 entries; few enough that
     * thousands of short queues take little disk.
     */
    private static final int PAGES_AHEAD = 3;
    /** Says that a file's last entry must be found by reading it backwards, entry by entry. */
    private static final int READ_BACKWARDS = -2;

    private final String topic;
    private final int queueId;
    private final MappedFileQueue files;
    private volatile long maxOffset;
    private volatile long minOffset;

    public ConsumeQueue(String topic, int queueId, File directory, int fileSize) {
        this.topic = topic;
        this.queueId = queueId;
        this.files = new MappedFileQueue(directory, fileSize, FileSpace.SPARSE);
    }

    public void load() throws IOException {
        files.load();
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** The queue offset after the last entry. */
    public long maxOffset() {
        return maxOffset;
    }

    /** The first queue offset still readable. */
    public long minOffset() {
        return minOffset;
    }

    public MappedFileQueue files() {
        return files;
    }

    public void put(long queueOffset, long commitLogOffset, int size, long tagsCode) {
        put(queueOffset, 1, commitLogOffset, size, tagsCode);
    }

    /**
     * Writes {@code entries} consecutive entries from {@code queueOffset} that all name one record: an inner
     * batch takes one queue offset per message. {@link #maxOffset()} moves once, past the last of them, so a
     * reader never sees part of a record's entries.
     */
    public void put(long queueOffset, int entries, long commitLogOffset, int size, long tagsCode) {
        for (int i = 0; i < entries; i++) {
            writeEntry(queueOffset + i, commitLogOffset, size, tagsCode);
        }
        if (queueOffset + entries > maxOffset) {
            maxOffset = queueOffset + entries;
        }
    }

    private void writeEntry(long queueOffset, long commitLogOffset, int size, long tagsCode) {
        long position = queueOffset * ENTRY_SIZE;
        MappedFile file = files.find(position);
        if (file == null) {
            MappedFile last = files.last();
            long next = last == null ? position - position % files.fileSize() : last.fileFromOffset() + files.fileSize();
            while (file == null) {
                file = files.create(next);
                next += files.fileSize();
                if (file.fileFromOffset() + files.fileSize() <= position) {
                    file.setWrotePosition(files.fileSize());
                    file = null;
                }
            }
            if (last == null) {
                minOffset = queueOffset;
            } else {
                last.closeChannel(); // opened to give its pages their blocks; entries go to the new file now
            }
        }
        int at = (int) (position - file.fileFromOffset());
        try {
            file.backPages(at, ENTRY_SIZE, PAGES_AHEAD);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write entry " + queueOffset + " of queue " + topic + ":" + queueId
                    + " (" + e.getMessage() + "); dispatch will try again", e);
        }
        ByteBuffer buffer = file.buffer();
        buffer.putLong(at, commitLogOffset);
        buffer.putInt(at + 8, size);
        buffer.putLong(at + 12, tagsCode);
        if (at + ENTRY_SIZE > file.wrotePosition()) {
            file.setWrotePosition(at + ENTRY_SIZE);
        }
    }

    /**
     * The file holding entry {@code queueOffset}, or null, without taking a reference: for the threads that
     * add and remove this queue's files (dispatcher, retention, recovery); others use {@link #holdFileFor}.
     */
    private MappedFile fileFor(long queueOffset) {
        return files.find(queueOffset * ENTRY_SIZE);
    }

    /** Byte index of entry {@code queueOffset} inside {@code file}. */
    public static int indexIn(MappedFile file, long queueOffset) {
        return (int) (queueOffset * ENTRY_SIZE - file.fileFromOffset());
    }

    /** The file holding entry {@code queueOffset} with a reference taken, or null; the caller releases it. */
    public MappedFile holdFileFor(long queueOffset) {
        return files.hold(queueOffset * ENTRY_SIZE);
    }

    /** The commit-log offset of an entry, or -1 when it is not held. Any thread. */
    public long commitLogOffset(long queueOffset) {
        MappedFile file = queueOffset < minOffset || queueOffset >= maxOffset ? null : holdFileFor(queueOffset);
        if (file == null) {
            return -1;
        }
        try {
            return file.buffer().getLong(indexIn(file, queueOffset));
        } finally {
            file.release();
        }
    }

    /**
     * Up to {@code count} entries from queue offset {@code from} (moved up to the min offset), below the max
     * offset; each file is held while its entries are read. Any thread.
     */
    public List<QueueEntry> entries(long from, int count) {
        long offset = Math.max(from, minOffset);
        long end = Math.min(maxOffset, offset + Math.max(0, count));
        List<QueueEntry> entries = new ArrayList<>((int) Math.max(0, end - offset));
        while (offset < end) {
            MappedFile file = holdFileFor(offset);
            if (file == null) {
                break;
            }
            try {
                ByteBuffer buffer = file.buffer();
                long fileEnd = (file.fileFromOffset() + file.fileSize()) / ENTRY_SIZE;
                for (; offset < end && offset < fileEnd; offset++) {
                    int at = indexIn(file, offset);
                    entries.add(new QueueEntry(offset, buffer.getLong(at), buffer.getInt(at + 8), buffer.getLong(at + 12)));
                }
            } finally {
                file.release();
            }
        }
        return entries;
    }

    /** The message size of an entry (0 for a hole), or 0 when it is not held. Any thread. */
    public int size(long queueOffset) {
        MappedFile file = holdFileFor(queueOffset);
        if (file == null) {
            return 0;
        }
        try {
            return file.buffer().getInt(indexIn(file, queueOffset) + 8);
        } finally {
            file.release();
        }
    }

    /**
     * Drops entries that point at or past {@code commitLogEnd} (and trailing holes) and sets the max
     * offset; sets the min offset to the first entry held. Used by recovery; {@code clean} says the store
     * stopped cleanly, so the written entries are one run and their end can be bisected for.
     */
    public void recover(long commitLogEnd, boolean clean) {
        long max = 0;
        // Bisection found the end of one run of entries, so what follows it is zeros already.
        boolean tailIsZero = false;
        for (int i = files.files().size() - 1; i >= 0 && max == 0; i--) {
            MappedFile file = files.files().get(i);
            int last = clean ? lastEntryAfterCleanStop(file, i == 0) : READ_BACKWARDS;
            tailIsZero = last != READ_BACKWARDS;
            if (last == READ_BACKWARDS || last >= 0 && pointsPast(file, last, commitLogEnd)) {
                last = lastEntryBelow(file, commitLogEnd);
                tailIsZero = false;
            }
            if (last >= 0) {
                max = (file.fileFromOffset() + last) / ENTRY_SIZE + 1;
            }
        }
        if (max == 0) {
            max = files.minOffset() / ENTRY_SIZE;
            tailIsZero = false;
        }
        files.truncateTo(max * ENTRY_SIZE, !tailIsZero);
        for (MappedFile file : files.files()) {
            long end = Math.min(file.fileSize(), max * ENTRY_SIZE - file.fileFromOffset());
            file.setWrotePosition((int) Math.max(0, end));
            file.setFlushedPosition((int) Math.max(0, end));
        }
        maxOffset = max;
        minOffset = files.minOffset() / ENTRY_SIZE;
        while (minOffset < max && size(minOffset) == 0) {
            minOffset++;
        }
    }

    private static boolean pointsPast(MappedFile file, int at, long commitLogEnd) {
        ByteBuffer buffer = file.buffer();
        return buffer.getLong(at) + buffer.getInt(at + 8) > commitLogEnd;
    }

    /**
     * The position of the last entry of {@code file} that points below {@code commitLogEnd}, or -1: read
     * backwards entry by entry, since after a crash any page of the file may be missing, leaving holes.
     */
    private static int lastEntryBelow(MappedFile file, long commitLogEnd) {
        ByteBuffer buffer = file.buffer();
        for (int at = file.fileSize() - ENTRY_SIZE; at >= 0; at -= ENTRY_SIZE) {
            int size = buffer.getInt(at + 8);
            if (size > 0 && buffer.getLong(at) + size <= commitLogEnd) {
                return at;
            }
        }
        return -1;
    }

    /**
     * The position of the last written entry of {@code file}, or -1, after a clean stop, when the written
     * entries of a file are one run without holes, which starts at the file's first entry unless the file is
     * the queue's first: probes backwards from the end at doubling distances, and finally at the first entry,
     * until one is written, then bisects between it and the last empty probe. A restart then touches a few
     * dozen entries per queue instead of reading through the unwritten rest of the file. A first file whose
     * first entry is empty (a queue that began mid-file) is read backwards as after a crash.
     */
    private static int lastEntryAfterCleanStop(MappedFile file, boolean firstFile) {
        ByteBuffer buffer = file.buffer();
        int entries = file.fileSize() / ENTRY_SIZE;
        long empty = entries;
        long step = 1;
        long probe = entries - 1;
        while (probe > 0 && isEmpty(buffer, probe)) {
            empty = probe;
            probe = Math.max(0, probe - step);
            step <<= 1;
        }
        if (isEmpty(buffer, probe)) {
            return firstFile ? READ_BACKWARDS : -1;
        }
        long written = probe;
        while (empty - written > 1) {
            long middle = (written + empty) >>> 1;
            if (isEmpty(buffer, middle)) {
                empty = middle;
            } else {
                written = middle;
            }
        }
        return (int) written * ENTRY_SIZE;
    }

    private static boolean isEmpty(ByteBuffer buffer, long entry) {
        return buffer.getInt((int) entry * ENTRY_SIZE + 8) == 0;
    }

    /** Moves the min offset past entries whose messages are below {@code commitLogMin}. */
    public void correctMinOffset(long commitLogMin) {
        long min = Math.max(minOffset, files.minOffset() / ENTRY_SIZE);
        long max = maxOffset;
        while (min < max) {
            MappedFile file = fileFor(min);
            if (file == null || file.buffer().getLong(indexIn(file, min)) >= commitLogMin) {
                break;
            }
            min++;
        }
        minOffset = min;
    }

    /** Deletes head files whose every entry points below {@code commitLogMin}; keeps the last file. */
    public void deleteBelow(long commitLogMin) {
        while (files.files().size() > 1) {
            MappedFile first = files.first();
            ByteBuffer buffer = first.buffer();
            int lastAt = first.fileSize() - ENTRY_SIZE;
            if (buffer.getLong(lastAt) + buffer.getInt(lastAt + 8) > commitLogMin) {
                break;
            }
            files.deleteFirst();
        }
        correctMinOffset(commitLogMin);
    }

    /**
     * True when the queue holds files and the message of its last entry lies wholly below
     * {@code commitLogMin}: retention took every message it points at, so nothing in it can be read. For the
     * dispatcher thread, which writes the entries.
     */
    public boolean expiredBelow(long commitLogMin) {
        long last = maxOffset - 1;
        MappedFile file = last < 0 ? null : fileFor(last);
        if (file == null) {
            return false;
        }
        ByteBuffer buffer = file.buffer();
        int at = indexIn(file, last);
        int size = buffer.getInt(at + 8);
        return size > 0 && buffer.getLong(at) + size <= commitLogMin;
    }

    /**
     * Deletes every file but keeps the offsets: the queue reads as empty at its max offset, and the next entry
     * starts a new file there. For the dispatcher thread while retention is held off; a reader holding a file
     * keeps it mapped until it releases it.
     */
    public void deleteFiles() {
        minOffset = maxOffset;
        while (!files.isEmpty()) {
            files.deleteFirst();
        }
    }

    /** Deletes every file and the queue's folder, and the topic's folder once empty: the queue is gone. */
    public void destroy() {
        deleteFiles();
        File directory = files.directory();
        if (directory.delete()) {
            directory.getParentFile().delete();
        }
    }

    public void force() {
        files.force();
    }
}
