package io.apogee.broker.ha;

import io.apogee.common.file.DurableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Which master epoch wrote which part of this broker's commit log: entries {@code <epoch, startOffset>}, both
 * growing, kept in {@value #FILE_NAME} under the store folder (one {@code epoch startOffset} line each,
 * replaced whole with {@link DurableFile}). Epoch {@code e} covers the log from its start offset up to the next
 * entry's (the last one: up to the log's end). A master adds an entry when it starts serving at a newer epoch,
 * a slave when the first batch of a newer epoch arrives; a slave that diverged cuts the entries past its new
 * end ({@link #truncateFrom}).
 *
 * <p>Thread safety: every method is synchronized; reads allocate nothing (the shipper asks per batch).
 */
final class EpochFile {

    static final String FILE_NAME = "epoch";

    private final Path file;
    private int[] epochs;
    private long[] starts;
    private int count;

    private EpochFile(Path file, int[] epochs, long[] starts) {
        this.file = file;
        this.epochs = epochs;
        this.starts = starts;
        this.count = epochs.length;
    }

    /**
     * Reads the file in {@code storeRoot} (none: no entries).
     *
     * @throws IllegalStateException when a line is malformed or the entries do not grow
     */
    static EpochFile load(Path storeRoot) {
        Path file = storeRoot.resolve(FILE_NAME);
        byte[] content;
        try {
            content = DurableFile.readIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String text = content == null ? "" : new String(content, StandardCharsets.US_ASCII);
        String[] lines = text.isBlank() ? new String[0] : text.strip().split("\n");
        int[] epochs = new int[lines.length];
        long[] starts = new long[lines.length];
        for (int i = 0; i < lines.length; i++) {
            String[] parts = lines[i].trim().split(" ");
            try {
                epochs[i] = Integer.parseInt(parts[0]);
                starts[i] = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + " line " + (i + 1) + " is not 'epoch startOffset': "
                        + lines[i]);
            }
            if (i > 0 && (epochs[i] <= epochs[i - 1] || starts[i] < starts[i - 1])) {
                throw new IllegalStateException(file + " line " + (i + 1) + " does not follow the line before");
            }
        }
        return new EpochFile(file, epochs, starts);
    }

    /** The newest epoch, or -1 when there is no entry. */
    synchronized int lastEpoch() {
        return count == 0 ? -1 : epochs[count - 1];
    }

    synchronized int size() {
        return count;
    }

    synchronized int epoch(int i) {
        return epochs[i];
    }

    synchronized long start(int i) {
        return starts[i];
    }

    /** A copy of the entries as {@code {epoch, start}} pairs, oldest first (for the master's hello and tests). */
    synchronized long[][] entries() {
        long[][] copy = new long[count][];
        for (int i = 0; i < count; i++) {
            copy[i] = new long[] {epochs[i], starts[i]};
        }
        return copy;
    }

    /** The epoch that wrote {@code offset}, or -1 when it precedes every entry. Allocates nothing. */
    synchronized int epochAt(long offset) {
        for (int i = count - 1; i >= 0; i--) {
            if (starts[i] <= offset) {
                return epochs[i];
            }
        }
        return -1;
    }

    /** Where the epoch after the one holding {@code offset} begins, or Long.MAX_VALUE. Allocates nothing. */
    synchronized long nextEpochStart(long offset) {
        for (int i = 0; i < count; i++) {
            if (starts[i] > offset) {
                return starts[i];
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Adds {@code <epoch, start>} durably; false (and nothing written) unless {@code epoch} is newer than the
     * last entry.
     *
     * @throws IllegalArgumentException when {@code start} precedes the last entry's start
     */
    synchronized boolean append(int epoch, long start) {
        if (count > 0 && epoch <= epochs[count - 1]) {
            return false;
        }
        if (count > 0 && start < starts[count - 1]) {
            throw new IllegalArgumentException("epoch " + epoch + " cannot start at " + start + ", before epoch "
                    + epochs[count - 1] + " at " + starts[count - 1]);
        }
        int[] e = Arrays.copyOf(epochs, count + 1);
        long[] s = Arrays.copyOf(starts, count + 1);
        e[count] = epoch;
        s[count] = start;
        write(e, s, count + 1);
        epochs = e;
        starts = s;
        count++;
        return true;
    }

    /** Drops, durably, every entry that starts at or past {@code offset} (the log was cut there). */
    synchronized void truncateFrom(long offset) {
        int keep = count;
        while (keep > 0 && starts[keep - 1] >= offset) {
            keep--;
        }
        if (keep != count) {
            write(epochs, starts, keep);
            count = keep;
        }
    }

    private void write(int[] e, long[] s, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(e[i]).append(' ').append(s[i]).append('\n');
        }
        try {
            DurableFile.replace(file, text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append('<').append(epochs[i]).append(", ").append(starts[i]).append('>');
        }
        return text.append(']').toString();
    }
}
