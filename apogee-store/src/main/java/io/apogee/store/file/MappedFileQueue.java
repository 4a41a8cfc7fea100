package io.apogee.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A log made of consecutive {@link MappedFile}s of one size in one directory; offset {@code o} lives in the
 * file starting at {@code o - o % fileSize}. Files are added at the end and removed at the head.
 *
 * <p>Thread safety: the file list is copy-on-write, so lookups from any thread see a consistent list;
 * adding, truncating and deleting files is done by the owning thread (or under the owner's lock). A thread
 * other than the owner reads a file's bytes only while it holds a reference ({@link #hold(long)}): removed
 * files are destroyed and unmapped once their last reference is released.
 */
public final class MappedFileQueue {

    private static final Logger LOG = LoggerFactory.getLogger(MappedFileQueue.class);

    private final File directory;
    private final int fileSize;
    private final FileSpace space;
    private final CopyOnWriteArrayList<MappedFile> files = new CopyOnWriteArrayList<>();

    public MappedFileQueue(File directory, int fileSize) {
        this(directory, fileSize, FileSpace.RESERVED);
    }

    /** @param space how new files get their blocks and pages (see {@link MappedFile#open}) */
    public MappedFileQueue(File directory, int fileSize, FileSpace space) {
        this.directory = directory;
        this.fileSize = fileSize;
        this.space = space;
    }

    /** How this queue's new files get their blocks and pages. */
    public FileSpace space() {
        return space;
    }

    /**
     * Maps every existing file; fails when a file has the wrong size or the sequence has a gap. The one
     * exception is a last file shorter than the others: a process killed while creating it (after the file
     * existed, before it had its length) left it, and since nothing is written into a file before it is
     * mapped at full length, it holds nothing; it is given its length and recovery finds it empty.
     */
    public void load() throws IOException {
        if (!directory.exists() && !directory.mkdirs()) {
            throw new IOException("cannot create " + directory);
        }
        File[] found = directory.listFiles(f -> f.isFile() && f.getName().matches("\\d{20}"));
        if (found == null) {
            throw new IOException("cannot list " + directory);
        }
        Arrays.sort(found);
        long expected = -1;
        for (int i = 0; i < found.length; i++) {
            File file = found[i];
            boolean interruptedCreation = i == found.length - 1 && file.length() < fileSize;
            if (interruptedCreation) {
                LOG.warn("{} has {} bytes, not {}: its creation was interrupted; it holds nothing and is completed",
                        file, file.length(), fileSize);
            } else if (file.length() != fileSize) {
                throw new IOException(file + " has " + file.length() + " bytes, expected " + fileSize);
            }
            long from = Long.parseLong(file.getName());
            if (expected >= 0 && from != expected) {
                throw new IOException("gap before " + file + ": expected a file starting at " + expected);
            }
            MappedFile mapped = MappedFile.open(file, from, fileSize, space);
            mapped.setWrotePosition(fileSize);
            mapped.setFlushedPosition(fileSize);
            files.add(mapped);
            expected = from + fileSize;
        }
    }

    public int fileSize() {
        return fileSize;
    }

    public File directory() {
        return directory;
    }

    public List<MappedFile> files() {
        return files;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public MappedFile first() {
        return at(false);
    }

    public MappedFile last() {
        return at(true);
    }

    /**
     * The first or last file, or null. Retention may remove the head between reading the size and
     * the element; then look again (without copying the list: the append path calls this).
     */
    private MappedFile at(boolean last) {
        while (true) {
            int size = files.size();
            if (size == 0) {
                return null;
            }
            try {
                return files.get(last ? size - 1 : 0);
            } catch (IndexOutOfBoundsException removedMeanwhile) {
                // The list shrank after size(); read it again.
            }
        }
    }

    /** The file holding {@code offset}, or null. */
    public MappedFile find(long offset) {
        while (true) {
            MappedFile first = first();
            if (first == null || offset < first.fileFromOffset()) {
                return null;
            }
            long index = (offset - first.fileFromOffset()) / fileSize;
            MappedFile file = null;
            if (index < files.size()) {
                try {
                    file = files.get((int) index);
                } catch (IndexOutOfBoundsException headDeleted) {
                    file = null;
                }
            }
            if (file != null && file.fileFromOffset() <= offset && offset < file.fileFromOffset() + fileSize) {
                return file;
            }
            // Files leave only at the head and join only at the tail: with the same head, the index was right
            // and no file holds the offset. A head deleted meanwhile shifted the indexes; look again.
            if (first() == first) {
                return null;
            }
        }
    }

    /**
     * The file holding {@code offset} with a reference taken ({@link MappedFile#hold()}), or null when no file
     * holds it or the file is being destroyed. The caller must {@link MappedFile#release()} it.
     */
    public MappedFile hold(long offset) {
        MappedFile file = find(offset);
        return file != null && file.hold() ? file : null;
    }

    /** Appends a file allocated elsewhere ({@link NextFileAllocator}); it must start where the log ends. */
    public void add(MappedFile file) {
        MappedFile last = last();
        if (last != null && file.fileFromOffset() != last.fileFromOffset() + fileSize) {
            throw new IllegalArgumentException(file + " does not follow " + last);
        }
        files.add(file);
    }

    /** Creates and appends the file starting at {@code fromOffset}. */
    public MappedFile create(long fromOffset) {
        try {
            if (!directory.isDirectory() && !directory.mkdirs() && !directory.isDirectory()) {
                throw new IOException("cannot create directory " + directory);
            }
            MappedFile file = MappedFile.open(new File(directory, MappedFile.fileName(fromOffset)), fromOffset, fileSize,
                    space);
            files.add(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file at offset " + fromOffset + " in " + directory, e);
        }
    }

    /** The first offset still held, or 0. */
    public long minOffset() {
        MappedFile first = first();
        return first == null ? 0 : first.fileFromOffset();
    }

    /** The offset after the last byte written. */
    public long maxWrittenOffset() {
        MappedFile last = last();
        return last == null ? 0 : last.fileFromOffset() + last.wrotePosition();
    }

    /** Forces every file with unflushed bytes; a failure propagates. */
    public void force() {
        for (MappedFile file : files) {
            if (file.flushedPosition() < file.wrotePosition() && file.hold()) {
                try {
                    file.force();
                } finally {
                    file.release();
                }
            }
        }
    }

    /** Cuts the log at {@code offset}: later files are deleted, the file holding it is zeroed from there. */
    public void truncateTo(long offset) {
        truncateTo(offset, true);
    }

    /**
     * Cuts the log at {@code offset}: later files are deleted; the file holding it moves its positions back
     * there and, when {@code zero}, is zeroed from there (which reads the rest of that file).
     */
    public void truncateTo(long offset, boolean zero) {
        List<MappedFile> doomed = new ArrayList<>();
        for (MappedFile file : files) {
            long from = file.fileFromOffset();
            if (from >= offset) {
                doomed.add(file);
            } else if (offset < from + fileSize) {
                if (zero) {
                    file.truncate((int) (offset - from));
                } else {
                    file.setWrotePosition((int) (offset - from));
                    file.setFlushedPosition((int) (offset - from));
                }
            }
        }
        files.removeAll(doomed);
        doomed.forEach(MappedFile::destroy);
    }

    /** Removes and destroys the head file: deleted now, unmapped once no reader holds it. */
    public void deleteFirst() {
        MappedFile first = first();
        if (first != null) {
            files.remove(first);
            first.destroy();
        }
    }
}
