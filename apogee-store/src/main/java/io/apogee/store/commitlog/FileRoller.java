package io.apogee.store.commitlog;

import io.apogee.store.AppendStatus;
import io.apogee.store.file.MappedFile;
import io.apogee.store.file.MappedFileQueue;
import io.apogee.store.file.NextFileAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Adds the commit log's next file: the one a {@link NextFileAllocator} prepared ahead when there is one, else a
 * new one allocated in full, but only while the next file plus {@code rollReserve} (room for the consume-queue
 * and index files the new messages will need) is free. A refused roll becomes the append's answer (DISK_FULL or
 * CREATE_MAPPED_FILE_FAILED) and its cause is logged once per run of failures.
 *
 * <p>Thread safety: {@link #roll} and {@link #prepareNext} under the commit log's write lock, and
 * {@link #prepareAtStart} before appends start; {@link #rollFailure()}
 * from any thread.
 */
final class FileRoller {

    private static final Logger LOG = LoggerFactory.getLogger(FileRoller.class);
    private static final long FIRST_FILE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final MappedFileQueue files;
    private final LongSupplier usableBytes;
    private final long rollReserve;
    private final NextFileAllocator nextFile;
    /** Why the last roll failed, kept until a roll succeeds; null while rolls succeed. */
    private volatile Exception rollFailure;

    /** @param logEnd the offset after the log's last record, which paces the preparing of the next file */
    FileRoller(MappedFileQueue files, LongSupplier usableBytes, long rollReserve, LongSupplier logEnd) {
        this.files = files;
        this.usableBytes = usableBytes;
        this.rollReserve = rollReserve;
        this.nextFile = new NextFileAllocator(files.directory(), files.fileSize(), files.space(),
                size -> usableBytes.getAsLong() >= size + rollReserve, logEnd, "apogee-store-allocator");
    }

    /**
     * Once {@code file}, the log's last, holds anything, starts preparing the file after it off the append path
     * (if not already under way); on a master before each append, on a slave after each batch.
     */
    void prepareNext(MappedFile file) {
        if (file.wrotePosition() > 0) {
            nextFile.prepare(file.fileFromOffset() + file.fileSize());
        }
    }

    /**
     * After recovery, for a log ending at {@code end}: when no file holds the end yet (an empty log, or one that
     * ends where its last file does), that file is prepared from a quarter of a second later, when the rest of
     * the start-up (whose small forces would wait for the zeros) is mostly done. So the first append after a
     * start does not wait for a whole file of zeros: standalone's first send took 250-570 ms before and 9-20 ms
     * after on an idle machine, and several seconds on a loaded one.
     */
    void prepareAtStart(long end) {
        MappedFile last = files.last();
        if (last == null || last.isFull()) {
            nextFile.prepare(end - end % files.fileSize(), FIRST_FILE_DELAY_NANOS);
        }
    }

    /** Adds the file starting at {@code from}, or throws {@link RollRefused} with the answer to give. */
    MappedFile roll(long from) {
        MappedFile prepared = nextFile.take(from);
        if (prepared != null) {
            files.add(prepared);
            rollSucceeded();
            return prepared;
        }
        long usable = usableBytes.getAsLong();
        if (usable < files.fileSize() + rollReserve) {
            refuseRoll(new IOException("only " + usable + " bytes free in " + files.directory() + ", a new "
                    + files.fileSize() + "-byte file needs " + (files.fileSize() + rollReserve)));
            throw RollRefused.DISK_FULL;
        }
        try {
            MappedFile created = files.create(from);
            rollSucceeded();
            return created;
        } catch (UncheckedIOException e) {
            refuseRoll(e);
            // A failed allocation on a disk that is now short of a file is a full disk, which clients retry
            // elsewhere; anything else is a broken store.
            throw usableBytes.getAsLong() < files.fileSize() ? RollRefused.DISK_FULL : RollRefused.CREATE_FAILED;
        }
    }

    private void rollSucceeded() {
        if (rollFailure != null) {
            LOG.info("commit-log files can be created again in {}: appends resume", files.directory());
            rollFailure = null;
        }
    }

    /** Keeps the cause and logs it once per run of failures, not once per refused append. */
    private void refuseRoll(Exception cause) {
        if (rollFailure == null) {
            LOG.error("cannot create the next commit-log file; appends are refused until it can be created", cause);
        }
        rollFailure = cause;
    }

    /** Why the last roll was refused, or null when the last roll succeeded (or none failed). */
    Exception rollFailure() {
        return rollFailure;
    }

    /** Stops the thread that prepares the next file and deletes a file it prepared that was not used. */
    void shutdown() {
        nextFile.shutdown();
    }

    /** A refused roll, thrown under the write lock and turned into the append's answer; preallocated. */
    static final class RollRefused extends RuntimeException {
        static final RollRefused DISK_FULL = new RollRefused(AppendStatus.DISK_FULL);
        static final RollRefused CREATE_FAILED = new RollRefused(AppendStatus.CREATE_MAPPED_FILE_FAILED);

        final AppendStatus status;

        private RollRefused(AppendStatus status) {
            super(status.name(), null, false, false);
            this.status = status;
        }
    }
}
