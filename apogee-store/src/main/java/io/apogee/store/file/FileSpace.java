package io.apogee.store.file;

/**
 * How a new mapped file gets its disk blocks and its pages (see {@link MappedFile#open}).
 */
public enum FileSpace {

    /**
     * Blocks left sparse, given by the file system as pages are first written: files rebuilt from the commit log
     * (consume queues, the index, whose pages get their blocks before the first store: {@link PageBacking}), and
     * the commit log under ASYNC_FLUSH unless {@code warmMapedFileEnable} is on, whose positional writes turn a
     * full disk into an {@link java.io.IOException} before anything is acknowledged. Each byte reaches the disk
     * once.
     */
    SPARSE(0, 0, false, false),

    /**
     * Blocks written with zeros before mapping, so a write can never fault for want of space; the zeros go past
     * the page cache and are read back into it clean ({@link DirectZeros}), in 256 KiB pieces the page cache
     * keeps in large folios (cheaper per byte): the commit log under ASYNC_FLUSH when {@code warmMapedFileEnable}
     * is on. Where the file system takes no direct writes, they go through the page cache in 256 KiB writes.
     */
    RESERVED(256 << 10, 256 << 10, false, true),

    /**
     * Blocks written with zeros one page per write, which the page cache keeps as single pages, and the mapping
     * kept in single pages too: each force writes back only the pages written since the last, not the whole
     * large folio around the log's end, and finds its blocks already written, so it needs no journal commit.
     * The commit log under SYNC_FLUSH, where a force follows every group of appends. Its pace steps are
     * smaller, and the file being prepared ahead is written at idle priority, so the allocator's bursts of
     * CPU never hold up a sender, the flusher or an I/O thread.
     */
    RESERVED_SINGLE_PAGES(4 << 10, 32 << 10, true, false);

    private final int zerosPerWrite;
    private final int zerosPerStep;
    private final boolean preparedAtIdlePriority;
    private final boolean zerosWrittenDirect;

    FileSpace(int zerosPerWrite, int zerosPerStep, boolean preparedAtIdlePriority, boolean zerosWrittenDirect) {
        this.zerosPerWrite = zerosPerWrite;
        this.zerosPerStep = zerosPerStep;
        this.preparedAtIdlePriority = preparedAtIdlePriority;
        this.zerosWrittenDirect = zerosWrittenDirect;
    }

    boolean reserved() {
        return this != SPARSE;
    }

    /** Bytes of zeros per write call: the page cache sizes its folios by the write. */
    int zerosPerWrite() {
        return zerosPerWrite;
    }

    /** Bytes of zeros per step of an {@link AllocationPace}. */
    int zerosPerStep() {
        return zerosPerStep;
    }

    /** Whether the zeros go past the page cache and are read back ({@link DirectZeros}) where the disk allows. */
    boolean zerosWrittenDirect() {
        return zerosWrittenDirect;
    }

    /** Whether a file prepared ahead ({@link NextFileAllocator}) is written by a thread at idle priority. */
    boolean preparedAtIdlePriority() {
        return preparedAtIdlePriority;
    }
}
