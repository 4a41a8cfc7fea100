package io.apogee.store.file;

/**
 * How a new mapped file gets its disk blocks and its pages (see {@link MappedFile#open}).
 */
public enum FileSpace {

    /** Blocks left sparse: files rebuilt from the commit log (consume queues, the index), never acknowledged alone. */
    SPARSE,

    /**
     * Blocks written with zeros before mapping, so a write can never fault for want of space; pages as the
     * kernel groups them (large folios, cheaper per byte): the commit log when it is forced on a timer.
     */
    RESERVED,

    /**
     * Blocks reserved (with {@code fallocate}, so no zeros sit in the page cache), and the mapping kept in single
     * pages: each force writes back only the pages written since the last, not the whole large folio around the
     * log's end. The commit log under SYNC_FLUSH, where a force follows every group of appends.
     */
    RESERVED_SINGLE_PAGES;

    boolean reserved() {
        return this != SPARSE;
    }
}
