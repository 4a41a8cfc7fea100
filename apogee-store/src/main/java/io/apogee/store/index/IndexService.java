package io.apogee.store.index;

import io.apogee.store.file.MappedFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Indexes messages by key (each key of the KEYS property, and the UNIQ_KEY) under {@code topic#key}, in
 * {@link IndexFile}s named by the commit-log offset of their first entry; a full file is followed by a new
 * one. Queries walk files newest first. Results are candidates: the store checks each against the stored
 * message, since hashes collide and recovery may leave stale entries.
 *
 * <p>Thread safety: all methods synchronize on the service (the force only while it takes the files); the
 * dispatcher thread writes, any thread queries, and the queue forcer forces.
 */
public final class IndexService {

    private final File directory;
    private final int slotCount;
    private final int maxEntries;
    private final List<IndexFile> files = new ArrayList<>();

    public IndexService(File directory, int slotCount, int maxEntries) {
        this.directory = directory;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
    }

    /** Bytes of one index file of this service. */
    public long fileBytes() {
        return IndexFile.fileSize(slotCount, maxEntries);
    }

    public synchronized void load() throws IOException {
        if (!directory.exists() && !directory.mkdirs()) {
            throw new IOException("cannot create " + directory);
        }
        File[] found = directory.listFiles(f -> f.isFile() && f.getName().matches("\\d{20}"));
        Arrays.sort(found);
        for (File file : found) {
            files.add(IndexFile.open(file, slotCount, maxEntries));
        }
    }

    /** The String an entry is hashed under: {@code topic#key}. */
    public static String indexKey(String topic, String key) {
        return topic + '#' + key;
    }

    /**
     * The {@link String#hashCode()} of {@code topic#} from which a key's hash continues: hashing the key's
     * characters onto it gives the hash of {@link #indexKey}, so the dispatcher need not build that String.
     */
    public static int keyPrefixHash(String topic) {
        return 31 * topic.hashCode() + '#';
    }

    /** Indexes one message under the String hash of one of its {@link #indexKey}s; allocation-free. */
    public synchronized void put(int indexKeyHash, long phyOffset, long storeTimestamp) {
        IndexFile last = files.isEmpty() ? null : files.get(files.size() - 1);
        if (last == null || last.isFull()) {
            if (last != null) {
                last.closeChannel();
            }
            try {
                last = IndexFile.open(new File(directory, MappedFile.fileName(phyOffset)), slotCount, maxEntries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(last);
        }
        try {
            last.put(indexKeyHash, phyOffset, storeTimestamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index a key of the message at " + phyOffset + " in "
                    + last.path() + " (" + e.getMessage() + "); dispatch will try again", e);
        }
    }

    /** Candidate commit-log offsets for {@code key} of {@code topic} stored within [begin, end] ms. */
    public synchronized List<Long> query(String topic, String key, int maxNum, long begin, long end) {
        List<Long> out = new ArrayList<>();
        int hash = indexKey(topic, key).hashCode();
        for (int i = files.size() - 1; i >= 0 && out.size() < maxNum; i--) {
            files.get(i).query(hash, begin, end, maxNum, out);
        }
        return out;
    }

    /** Deletes files whose every entry points below {@code commitLogMin}; keeps the newest file. */
    public synchronized void deleteBelow(long commitLogMin) {
        while (files.size() > 1 && files.get(0).endPhyOffset() < commitLogMin) {
            files.remove(0).delete();
        }
    }

    /**
     * Forces every file. The lock is held only to take the files (each held, so a file deleted meanwhile stays
     * mapped until forced), not during the force, so the dispatcher's puts never wait for the disk.
     */
    public void force() {
        List<IndexFile> held;
        synchronized (this) {
            held = new ArrayList<>(files.size());
            for (IndexFile file : files) {
                if (file.hold()) {
                    held.add(file);
                }
            }
        }
        for (IndexFile file : held) {
            try {
                file.force();
            } finally {
                file.release();
            }
        }
    }

    public synchronized int fileCount() {
        return files.size();
    }
}
