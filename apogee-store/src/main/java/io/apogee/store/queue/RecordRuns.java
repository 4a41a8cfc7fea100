package io.apogee.store.queue;

import io.apogee.store.file.MappedFile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one read as few slices as possible: records that follow one another in one commit-log file
 * share a slice. A batch sent in one request is stored as adjacent records and usually read back in one
 * piece, so a pull of 32 such messages goes to the network as one buffer instead of 32, which saves the
 * per-buffer work of the write (a composite component, an iovec entry, a release each).
 *
 * <p>Thread safety: one reader's, confined to its call.
 */
final class RecordRuns {

    private final List<ByteBuffer> runs = new ArrayList<>(2);
    private MappedFile file;
    private int start;
    private int end;

    /** Adds the record of {@code size} bytes at {@code position} in {@code file}, which the read holds. */
    void add(MappedFile file, int position, int size) {
        if (file == this.file && position == end) {
            end += size;
            return;
        }
        close();
        this.file = file;
        start = position;
        end = position + size;
    }

    /** The runs, in the order the records were added. */
    List<ByteBuffer> finish() {
        close();
        return runs;
    }

    private void close() {
        if (file != null) {
            runs.add(file.slice(start, end - start).asReadOnlyBuffer());
            file = null;
        }
    }
}
