package io.apogee.store;

/** When an append counts as stored: after the copy into the page cache, or after its force() to disk. */
public enum FlushDiskType {
    /** Acknowledge after the copy; a flusher forces every {@code flushIntervalCommitLog} ms. */
    ASYNC_FLUSH,
    /** Acknowledge only after a force() covering the message (group commit). */
    SYNC_FLUSH
}
