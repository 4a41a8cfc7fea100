package io.apogee.store.index;

import io.apogee.protocol.message.MessageConst;
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
 * <p>Thread safety: all methods synchronize on the service; the dispatcher thread writes, any thread queries.
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

    public static String indexKey(String topic, String key) {
        return topic + '#' + key;
    }

    /** Indexes one message by its keys and unique id. */
    public synchronized void index(String topic, String keys, String uniqueKey, long phyOffset, long storeTimestamp) {
        if (uniqueKey != null && !uniqueKey.isEmpty()) {
            put(indexKey(topic, uniqueKey), phyOffset, storeTimestamp);
        }
        if (keys != null && !keys.isEmpty()) {
            for (String key : keys.split(MessageConst.KEY_SEPARATOR)) {
                if (!key.isEmpty()) {
                    put(indexKey(topic, key), phyOffset, storeTimestamp);
                }
            }
        }
    }

    private void put(String key, long phyOffset, long storeTimestamp) {
        IndexFile last = files.isEmpty() ? null : files.get(files.size() - 1);
        if (last == null || last.isFull()) {
            try {
                last = IndexFile.open(new File(directory, MappedFile.fileName(phyOffset)), slotCount, maxEntries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(last);
        }
        last.put(key, phyOffset, storeTimestamp);
    }

    /** Candidate commit-log offsets for {@code key} of {@code topic} stored within [begin, end] ms. */
    public synchronized List<Long> query(String topic, String key, int maxNum, long begin, long end) {
        List<Long> out = new ArrayList<>();
        String indexKey = indexKey(topic, key);
        for (int i = files.size() - 1; i >= 0 && out.size() < maxNum; i--) {
            files.get(i).query(indexKey, begin, end, maxNum, out);
        }
        return out;
    }

    /** Deletes files whose every entry points below {@code commitLogMin}; keeps the newest file. */
    public synchronized void deleteBelow(long commitLogMin) {
        while (files.size() > 1 && files.get(0).endPhyOffset() < commitLogMin) {
            files.remove(0).delete();
        }
    }

    public synchronized void force() {
        files.forEach(IndexFile::force);
    }

    public synchronized int fileCount() {
        return files.size();
    }
}
