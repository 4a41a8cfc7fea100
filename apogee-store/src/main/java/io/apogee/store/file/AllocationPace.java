package io.apogee.store.file;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * When {@link MappedFile#open} may write the next piece of zeros while it allocates a file: called before each
 * piece with the bytes allocated so far, it returns once the allocation may go on. A file prepared ahead of the
 * log's end is written at the pace the log fills, so the cost of its zeros (a burst of CPU, and on a virtual
 * machine stalls of the whole CPU while the host backs the new pages) is spread instead of landing on the
 * appenders' latency all at once (see {@link NextFileAllocator}).
 */
@FunctionalInterface
public interface AllocationPace {

    /** No waiting: the file is allocated as fast as the disk takes it. */
    AllocationPace NONE = allocated -> {
    };

    /**
     * Returns when the piece after the first {@code allocated} bytes may be written.
     *
     * @throws HandedOver when another thread will finish the file: the allocation stops and keeps what it wrote
     * @throws IOException when the file is no longer wanted; the allocation stops and the file is deleted
     */
    void await(long allocated) throws IOException;

    /** The allocation stops where it is and leaves the file as written, for another thread to finish. */
    final class HandedOver extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        public HandedOver() {
            super("another thread finishes the file");
        }
    }
}
