package io.apogee.store.commitlog;

import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.store.file.MappedFile;
import io.apogee.store.file.MappedFileQueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Where the commit log is written: the last file and its write position, the records staged after that position
 * and not yet written, and the published end that readers read up to. Appends place records here
 * ({@link #fileWithRoom}, {@link #room}, {@link #stage}); a record that does not fit the last file rolls the
 * log to the next one, after the staged records are written into the file they were placed in.
 *
 * <p>Thread safety: none; the commit log calls it under its write lock. {@link #maxOffset()} is read by any
 * thread.
 */
final class LogEnd {

    /** Staged bytes beyond this are written at once, even by an append that was to be written behind. */
    private static final int MAX_STAGED = 256 * 1024;
    /** Free bytes below which a failed write counts as one that found the disk full ({@link #isOutOfSpace}). */
    private static final long NEARLY_FULL_BYTES = 1 << 20;

    private final MappedFileQueue files;
    private final FileRoller roller;
    private final RecordStaging staging = new RecordStaging();
    private final LongSupplier usableBytes;
    /** Bytes staged after the last file's write position; readers do not see them. */
    private int staged;
    /** The last write of the staged bytes found the disk full; they stay staged for the next one. */
    private boolean refusedForSpace;
    private volatile long maxOffset;

    /** @param usableBytes bytes free for the store on its file system */
    LogEnd(MappedFileQueue files, FileRoller roller, LongSupplier usableBytes) {
        this.files = files;
        this.roller = roller;
        this.usableBytes = usableBytes;
    }

    /** The offset after the last record written into a file (not necessarily forced). */
    long maxOffset() {
        return maxOffset;
    }

    /** Moves the published end: after recovery, a replicated write or a cut, with nothing staged. */
    void maxOffset(long offset) {
        maxOffset = offset;
    }

    /** The offset the next record placed in {@code file} gets. */
    long nextOffset(MappedFile file) {
        return file.fileFromOffset() + file.wrotePosition() + staged;
    }

    /** Bytes staged so far; the next record is encoded at this index of {@link #room}. */
    int staged() {
        return staged;
    }

    /** The staging buffer with room for {@code length} more bytes after the staged ones. */
    ByteBuffer room(int length) {
        return staging.room(staged, length);
    }

    /**
     * Counts the {@code length} bytes just encoded after the staged ones as staged too, and unless they are to be
     * written behind (and the stage is not full), writes everything staged. Returns the offset after them.
     */
    long stage(MappedFile file, int length, boolean behind) throws IOException {
        staged += length;
        long end = file.fileFromOffset() + file.wrotePosition() + staged;
        if (!behind || staged >= MAX_STAGED) {
            writeStaged();
        }
        return end;
    }

    /**
     * Copies the staged records to the last file's write position in one write, then lets readers see them. When
     * the write fails nothing moves: the staged records stay staged, and the next write starts again from the
     * write position. A write that found the disk full is remembered ({@link #refusedForSpace()}).
     */
    void writeStaged() throws IOException {
        if (staged == 0) {
            refusedForSpace = false;
            return;
        }
        MappedFile file = files.last();
        try {
            file.write(file.wrotePosition(), staging.room(staged, 0).limit(staged));
        } catch (IOException e) {
            refusedForSpace = isOutOfSpace(e);
            throw e;
        }
        refusedForSpace = false;
        file.setWrotePosition(file.wrotePosition() + staged);
        staged = 0;
        maxOffset = file.fileFromOffset() + file.wrotePosition();
    }

    /** Whether the last write of staged records failed for want of disk space, leaving them staged. */
    boolean refusedForSpace() {
        return refusedForSpace;
    }

    /**
     * Whether a write failed because the file system had no block to give: ENOSPC (or EDQUOT for a quota), which
     * the JDK reports as an IOException with the system's message. That message is English unless the process
     * runs in another locale, so a file system with less than {@value #NEARLY_FULL_BYTES} bytes free counts too.
     */
    boolean isOutOfSpace(IOException e) {
        String message = e.getMessage();
        return message != null && (message.contains("No space left on device")
                || message.contains("Disk quota exceeded"))
                || usableBytes.getAsLong() < NEARLY_FULL_BYTES;
    }

    /** Forgets what is staged: for a cut, which the store makes only after writing what is staged. */
    void dropStaged() {
        staged = 0;
    }

    /**
     * The last file if a record of {@code length} bytes fits after the staged ones with room for a filler after
     * it; else writes what is staged, pads the last file with a BLANK filler and allocates the next file. The
     * filler comes first because writing it may need a block of a sparse file: a full disk then leaves the log
     * as it was. A refused roll leaves the last file padded and the log ending where it ends, as after a
     * restart there; the next append tries the roll again.
     */
    MappedFile fileWithRoom(int length) throws IOException {
        MappedFile file = files.last();
        if (staged > 0 && length + StoredMessageLayout.BLANK_MIN_LENGTH > file.fileSize() - file.wrotePosition()
                - staged) {
            // Staged records stay in the file they were placed in: write them before any roll.
            writeStaged();
        }
        if (file == null) {
            return roller.roll(maxOffset - maxOffset % files.fileSize());
        }
        int free = file.fileSize() - file.wrotePosition();
        long next = file.fileFromOffset() + file.fileSize();
        if (length + StoredMessageLayout.BLANK_MIN_LENGTH <= free) {
            roller.prepareNext(file);
            return file;
        }
        if (free > 0) {
            ByteBuffer blank = staging.room(StoredMessageLayout.BLANK_MIN_LENGTH);
            blank.putInt(StoredMessageLayout.TOTAL_SIZE_OFFSET, free);
            blank.putInt(StoredMessageLayout.MAGIC_OFFSET, StoredMessageLayout.MAGIC_BLANK);
            file.write(file.wrotePosition(), blank.limit(StoredMessageLayout.BLANK_MIN_LENGTH));
            file.setWrotePosition(file.fileSize());
            maxOffset = next;
        }
        MappedFile created = roller.roll(next);
        file.closeChannel();
        return created;
    }
}
