package io.apogee.store;

/**
 * The outcome of an append. Only {@link #PUT_OK} means stored; every other value is a refusal or a failure
 * that the broker maps to a wire response code.
 */
public enum AppendStatus {
    /** Stored (and, under SYNC_FLUSH, forced to disk). */
    PUT_OK,
    /** Written, but the force() covering it did not finish within {@code syncFlushTimeout}. */
    FLUSH_DISK_TIMEOUT,
    /** A force() failed; the store accepts no more writes until it is restarted and recovered. */
    FLUSH_FAILED,
    /** The record would exceed {@code maxMessageSize}, or its fields do not fit the layout. */
    MESSAGE_ILLEGAL,
    /** The properties string is longer than 32767 bytes. */
    PROPERTIES_SIZE_EXCEEDED,
    /** Disk use is above {@code diskSpaceWarningLevelRatio}; writes resume when space returns. */
    DISK_FULL,
    /**
     * Not written: under SYNC_FLUSH too many sends, or too many unforced bytes, already wait for a force
     * (a stalled disk); the sender should retry later.
     */
    FLUSH_BACKLOG_FULL,
    /** A new commit-log file could not be created. */
    CREATE_MAPPED_FILE_FAILED,
    /** The store is not running or has been shut down. */
    SERVICE_NOT_AVAILABLE,
    /**
     * Stored on this master, but under SYNC_MASTER the in-sync slaves did not report holding it within
     * {@code syncFlushTimeout}.
     */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored on this master, but under SYNC_MASTER no slave is connected and in sync to copy it. */
    SLAVE_NOT_AVAILABLE,
    /** Not written: this broker is a slave, whose log only replication from its master writes. */
    SLAVE_READ_ONLY,
    /**
     * A write into a mapped file faulted (a file truncated underneath the store, or a failed disk): the store
     * accepts no more writes until it is restarted and recovered.
     */
    STORE_FAULT
}
