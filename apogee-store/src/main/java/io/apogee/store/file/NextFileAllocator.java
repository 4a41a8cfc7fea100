package io.apogee.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Allocates a log's next file on a thread of its own while the current one fills, so that a roll hands over a
 * file whose blocks are already written instead of writing a whole file of zeros while appenders wait. Only
 * one file is prepared at a time, and only when {@code hasRoom} says the disk can spare it; if the file is not
 * ready (or could not be made) when the roll comes, the roll allocates it itself, which is also where a full
 * disk is reported.
 *
 * <p>A prepared file that is never used (the store stops first) is an all-zero file after the log's end;
 * recovery cuts it like any tail past the last record, and {@link #shutdown()} deletes it.
 *
 * <p>Thread safety: {@link #prepare} and {@link #take} are called by the log's writer (under its lock);
 * the allocation runs on the allocator's own daemon thread.
 */
public final class NextFileAllocator {

    private static final Logger LOG = LoggerFactory.getLogger(NextFileAllocator.class);
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final File directory;
    private final int fileSize;
    private final FileSpace space;
    private final LongPredicate hasRoom;
    private final ExecutorService thread;
    private CompletableFuture<MappedFile> pending;
    private long pendingOffset = -1;
    private long refusedOffset = -1;
    private long refusedAt;

    /** @param hasRoom whether the disk can spare a file of this many bytes now */
    public NextFileAllocator(File directory, int fileSize, FileSpace space, LongPredicate hasRoom, String threadName) {
        this.directory = directory;
        this.fileSize = fileSize;
        this.space = space;
        this.hasRoom = hasRoom;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts allocating the file at {@code fromOffset} unless it is already being prepared. Called on every
     * append past the middle of a file, so a disk without room is asked again at most once a second.
     */
    public void prepare(long fromOffset) {
        if (pendingOffset == fromOffset) {
            return;
        }
        long now = System.nanoTime();
        if (refusedOffset == fromOffset && now - refusedAt < RECHECK_NANOS) {
            return;
        }
        if (!hasRoom.test(fileSize)) {
            refusedOffset = fromOffset;
            refusedAt = now;
            return;
        }
        discardPending();
        pendingOffset = fromOffset;
        pending = CompletableFuture.supplyAsync(() -> {
            try {
                return MappedFile.open(new File(directory, MappedFile.fileName(fromOffset)), fromOffset, fileSize,
                        space);
            } catch (IOException e) {
                // The roll allocates the file itself and reports the failure to the appender.
                LOG.debug("preallocating {} failed; the roll will try again", fromOffset, e);
                return null;
            }
        }, thread);
    }

    /**
     * The prepared file at {@code fromOffset}, waiting for it if its allocation is under way (two threads
     * must never allocate one file); null when none was prepared or it failed, and the caller allocates it.
     */
    public MappedFile take(long fromOffset) {
        if (pendingOffset != fromOffset) {
            return null;
        }
        MappedFile file = pending.join();
        pending = null;
        pendingOffset = -1;
        return file;
    }

    /** Stops the thread and deletes a prepared file nobody took. */
    public void shutdown() {
        discardPending();
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void discardPending() {
        if (pending != null) {
            pending.thenAccept(file -> {
                if (file != null) {
                    file.destroy();
                }
            });
            pending = null;
            pendingOffset = -1;
        }
    }
}
