package io.apogee.store.commitlog;

import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.store.file.MappedFile;

import java.nio.ByteBuffer;

/**
 * Reads of the commit log by everyone but its writer: a record in a file the caller holds (pulls, lookups by
 * time), and whole records copied out for replication. Nothing here writes or takes the write lock.
 *
 * <p>Thread safety: stateless; any thread, on files it holds.
 */
public final class CommitLogReads {

    private CommitLogReads() {
    }

    /**
     * Replication, on a master: copies whole records of {@code log} from {@code offset} (a record boundary), below
     * {@code limit} and within one file, into {@code into}, about {@code maxBytes} of them (at least one
     * record); returns how far the log they cover reaches past {@code offset}, 0 when nothing is there yet. A
     * BLANK filler is copied alone, as its 8-byte header, and covers the rest of its file. Any thread.
     *
     * @throws IllegalArgumentException when the log no longer (or not yet) holds {@code offset}
     * @throws IllegalStateException    when {@code offset} is not at a record, or the record there is larger
     *                                  than {@code into} has room for
     */
    public static int copyRecords(CommitLog log, long offset, long limit, int maxBytes, ByteBuffer into) {
        if (offset >= limit) {
            return 0;
        }
        MappedFile file = log.hold(offset);
        if (file == null) {
            throw new IllegalArgumentException("offset " + offset + " is not in this commit log, which holds "
                    + log.minOffset() + ".." + log.maxOffset());
        }
        try {
            int position = (int) (offset - file.fileFromOffset());
            int end = (int) Math.min(file.fileSize(), limit - file.fileFromOffset());
            int covered = ReplicaRecords.wholeRecords(file.buffer(), position, end, maxBytes);
            int length = covered > 0 && ReplicaRecords.isBlank(file.buffer(), position)
                    ? StoredMessageLayout.BLANK_MIN_LENGTH : covered;
            if (length > into.remaining()) {
                throw new IllegalStateException("the record at offset " + offset + " is larger than the "
                        + into.remaining() + "-byte transfer buffer");
            }
            into.put(into.position(), file.buffer(), position, length);
            into.position(into.position() + length);
            return covered;
        } finally {
            file.release();
        }
    }

    /**
     * Points {@code view} at the record at {@code offset} in {@code file} (held by the caller) if one is
     * readable below {@code visibleOffset}; false otherwise (also for a BLANK filler, which callers skip by
     * moving to the next file).
     */
    public static boolean read(MappedFile file, long offset, long visibleOffset, StoredMessageView view) {
        if (offset >= visibleOffset) {
            return false;
        }
        int position = (int) (offset - file.fileFromOffset());
        if (position < 0 || position + StoredMessageLayout.BLANK_MIN_LENGTH > file.fileSize()) {
            return false;
        }
        view.wrap(file.buffer(), position);
        return StoredMessageLayout.isMessageMagic(view.magic());
    }

    /**
     * A read-only slice of the record at {@code offset} (length {@code size}) in {@code file} (held by the
     * caller) without copying, or null when it is not readable below {@code visibleOffset}.
     */
    public static ByteBuffer slice(MappedFile file, long offset, int size, long visibleOffset) {
        if (!readable(file, offset, size, visibleOffset)) {
            return null;
        }
        return file.slice((int) (offset - file.fileFromOffset()), size).asReadOnlyBuffer();
    }

    /**
     * Whether the {@code size} bytes at {@code offset} lie within {@code file} (held by the caller) and below
     * {@code visibleOffset}, so that a slice of them may be read.
     */
    public static boolean readable(MappedFile file, long offset, int size, long visibleOffset) {
        if (offset + size > visibleOffset) {
            return false;
        }
        long position = offset - file.fileFromOffset();
        return position >= 0 && position + size <= file.fileSize();
    }
}
