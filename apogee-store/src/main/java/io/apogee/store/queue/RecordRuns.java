package io.apogee.store.queue;

import io.apogee.store.GetMessageResult;
import io.apogee.store.GetMessageStatus;
import io.apogee.store.file.MappedFile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of one read as few slices as possible: records that follow one another in one commit-log file
 * share a slice. A batch sent in one request is stored as adjacent records and usually read back in one
 * piece, so a pull of 32 such messages goes to the network as one buffer instead of 32, which saves the
 * per-buffer work of the write (a composite component, an iovec entry, a release each).
 *
 * <p>Each record's place in its run is kept as two ints, so a slice per record is made only when someone asks
 * for the records one by one (see {@link GetMessageResult#messages()}); a pull answered with the runs never
 * does.
 *
 * <p>Thread safety: one reader's, confined to its call.
 */
final class RecordRuns {

    private final List<ByteBuffer> runs = new ArrayList<>(2);
    private int[] starts = new int[32];
    private int[] sizes = new int[32];
    private int count;
    private int bytes;
    private long lastPhysicalOffset = -1;
    private MappedFile file;
    private int start;
    private int end;

    /** Adds the record of {@code size} bytes at {@code position} in {@code file}, which the read holds. */
    void add(MappedFile file, int position, int size) {
        if (file != this.file || position != end) {
            close();
            this.file = file;
            start = position;
            end = position;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        starts[count] = end - start;
        sizes[count] = size;
        count++;
        end += size;
        bytes += size;
        lastPhysicalOffset = file.fileFromOffset() + position;
    }

    /** How many records were added. */
    int count() {
        return count;
    }

    /** The bytes of all records added. */
    int bytes() {
        return bytes;
    }

    /** A result of the records added, in their order, holding what {@code release} gives back. */
    GetMessageResult finish(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                            Runnable release) {
        close();
        return GetMessageResult.ofRuns(status, nextBeginOffset, minOffset, maxOffset, runs, starts, sizes, count,
                lastPhysicalOffset, bytes, release);
    }

    private void close() {
        if (file != null) {
            runs.add(file.slice(start, end - start).asReadOnlyBuffer());
            file = null;
        }
    }
}
