package io.apogee.store.index;

import io.apogee.store.file.FileSpace;
import io.apogee.store.file.MappedFile;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One hash index file, the layout RocketMQ's IndexFile uses conceptually:
 *
 * <pre>
 * header (40 B): beginTimestamp int64 | endTimestamp int64 | beginPhyOffset int64 | endPhyOffset int64 |
 *                slotsUsed int32 | entryCount int32
 * slots:   slotCount x int32   number of the newest entry whose key hashes here (0 = none)
 * entries: entryCount x 20 B   keyHash int32 | phyOffset int64 | storeTimestamp - beginTimestamp in s (int32) |
 *                              number of the previous entry in the same slot (int32)
 * </pre>
 *
 * Entry numbers start at 1. Lookups follow a slot's chain from newest to oldest. The file is sparse; each page
 * gets its disk block before the first store into it ({@link MappedFile#backPages}).
 *
 * <p>Thread safety: guarded by {@link IndexService}'s lock, except {@link #force()} on a held file.
 */
final class IndexFile {

    static final int HEADER_SIZE = 40;
    static final int SLOT_SIZE = 4;
    static final int ENTRY_SIZE = 20;
    /** Entry pages given their blocks ahead of the writer (slots are written at random, one page at a time). */
    private static final int ENTRY_PAGES_AHEAD = 3;

    private final MappedFile file;
    private final int slotCount;
    private final int maxEntries;
    private final ByteBuffer buffer;

    private IndexFile(MappedFile file, int slotCount, int maxEntries) {
        this.file = file;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        this.buffer = file.buffer();
    }

    /** Bytes of one index file with these dimensions. */
    static long fileSize(int slotCount, int maxEntries) {
        return HEADER_SIZE + (long) slotCount * SLOT_SIZE + (long) maxEntries * ENTRY_SIZE;
    }

    static IndexFile open(File path, int slotCount, int maxEntries) throws IOException {
        int size = (int) fileSize(slotCount, maxEntries);
        IndexFile index = new IndexFile(MappedFile.open(path, 0, size, FileSpace.SPARSE), slotCount, maxEntries);
        index.file.setWrotePosition(size);
        return index;
    }

    File path() {
        return file.file();
    }

    long beginTimestamp() {
        return buffer.getLong(0);
    }

    long endTimestamp() {
        return buffer.getLong(8);
    }

    long endPhyOffset() {
        return buffer.getLong(24);
    }

    int entryCount() {
        return buffer.getInt(36);
    }

    boolean isFull() {
        return entryCount() >= maxEntries;
    }

    /** The non-negative hash stored for a key whose String hash is {@code keyHash}. */
    static int hash(int keyHash) {
        return keyHash == Integer.MIN_VALUE ? 0 : Math.abs(keyHash);
    }

    /**
     * Adds the key with String hash {@code keyHash}; false when the file is full. Throws, having changed nothing,
     * when a page it must write cannot get its disk block (a full disk).
     */
    boolean put(int keyHash, long phyOffset, long storeTimestamp) throws IOException {
        int count = entryCount();
        if (count >= maxEntries) {
            return false;
        }
        int hash = hash(keyHash);
        int slotAt = HEADER_SIZE + (hash % slotCount) * SLOT_SIZE;
        int number = count + 1;
        int entryAt = entryIndex(number);
        file.backPages(0, HEADER_SIZE, 0);
        file.backPages(slotAt, SLOT_SIZE, 0);
        file.backPages(entryAt, ENTRY_SIZE, ENTRY_PAGES_AHEAD);
        if (count == 0) {
            buffer.putLong(0, storeTimestamp);
            buffer.putLong(16, phyOffset);
        }
        int previous = buffer.getInt(slotAt);
        long diffSeconds = Math.max(0, (storeTimestamp - beginTimestamp()) / 1000);
        buffer.putInt(entryAt, hash);
        buffer.putLong(entryAt + 4, phyOffset);
        buffer.putInt(entryAt + 12, (int) Math.min(Integer.MAX_VALUE, diffSeconds));
        buffer.putInt(entryAt + 16, previous);
        buffer.putInt(slotAt, number);
        if (previous == 0) {
            buffer.putInt(32, buffer.getInt(32) + 1);
        }
        buffer.putLong(8, Math.max(endTimestamp(), storeTimestamp));
        buffer.putLong(24, Math.max(endPhyOffset(), phyOffset));
        buffer.putInt(36, number);
        return true;
    }

    /**
     * Adds to {@code out} the offsets of entries for the key with String hash {@code keyHash} stored within
     * [begin, end] ms, newest first.
     */
    void query(int keyHash, long begin, long end, int maxNum, List<Long> out) {
        if (entryCount() == 0 || endTimestamp() < begin || beginTimestamp() > end) {
            return;
        }
        int hash = hash(keyHash);
        int number = buffer.getInt(HEADER_SIZE + (hash % slotCount) * SLOT_SIZE);
        long base = beginTimestamp();
        int guard = maxEntries;
        while (number > 0 && number <= entryCount() && out.size() < maxNum && guard-- > 0) {
            int at = entryIndex(number);
            long time = base + buffer.getInt(at + 12) * 1000L;
            // Timestamps are kept in whole seconds, so widen the window by one second on each side.
            if (buffer.getInt(at) == hash && time + 1000 >= begin && time - 1000 <= end) {
                out.add(buffer.getLong(at + 4));
            }
            int previous = buffer.getInt(at + 16);
            number = previous < number ? previous : 0;
        }
    }

    private int entryIndex(int number) {
        return HEADER_SIZE + slotCount * SLOT_SIZE + (number - 1) * ENTRY_SIZE;
    }

    /**
     * Forces the whole file. Any thread holding the file ({@link #hold()}): the puts that go on meanwhile store
     * into other bytes of it, or are forced next time.
     */
    void force() {
        ((java.nio.MappedByteBuffer) buffer).force();
    }

    /** Keeps the file mapped until {@link #release()}, also if it is deleted meanwhile; false once unmapped. */
    boolean hold() {
        return file.hold();
    }

    void release() {
        file.release();
    }

    /** Closes the channel that gave the file's pages their blocks; for a file that takes no more entries. */
    void closeChannel() {
        file.closeChannel();
    }

    /** Deletes and unmaps the file; callers hold the service's lock, so no query is reading it. */
    boolean delete() {
        return file.destroy();
    }
}
