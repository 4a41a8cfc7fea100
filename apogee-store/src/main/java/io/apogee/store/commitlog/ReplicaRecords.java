package io.apogee.store.commitlog;

import io.apogee.protocol.message.StoredMessageLayout;

import java.nio.ByteBuffer;

/**
 * Record boundaries in raw commit-log bytes, as replication moves them: a master cuts what it ships at record
 * boundaries within one file, and a slave checks that what it receives is whole records (or a BLANK filler
 * that ends its file) before writing it. Neither side looks inside a record beyond its length and magic; the
 * dispatcher reads the rest when it builds the slave's queues.
 *
 * <p>Thread safety: stateless.
 */
final class ReplicaRecords {

    private ReplicaRecords() {
    }

    /**
     * How many bytes of the log whole records cover from {@code position} of {@code file} (a buffer holding one
     * commit-log file) up to {@code end}, taking records while their total stays within {@code maxBytes}
     * (always at least one record that ends before {@code end}). A BLANK filler, which ends its file, is taken
     * only on its own, first: it ships as its 8-byte header (see {@link #checkWhole}). 0 when no whole record is
     * there.
     *
     * @throws IllegalStateException when {@code position} is not at a record (a corrupt log or a wrong offset)
     */
    static int wholeRecords(ByteBuffer file, int position, int end, int maxBytes) {
        int at = position;
        while (at + StoredMessageLayout.BLANK_MIN_LENGTH <= end) {
            int length = file.getInt(at + StoredMessageLayout.TOTAL_SIZE_OFFSET);
            int magic = file.getInt(at + StoredMessageLayout.MAGIC_OFFSET);
            boolean blank = magic == StoredMessageLayout.MAGIC_BLANK;
            if (!StoredMessageLayout.isMessageMagic(magic) && !blank || length < StoredMessageLayout.BLANK_MIN_LENGTH) {
                throw new IllegalStateException("no record at file position " + at + " (length " + length
                        + ", magic 0x" + Integer.toHexString(magic) + ")");
            }
            if (blank) {
                return at == position ? length : at - position;
            }
            if (at + length > end || (at > position && at - position + length > maxBytes)) {
                break;
            }
            at += length;
        }
        return at - position;
    }

    /** Whether the record at {@code position} of {@code file} is a BLANK filler. */
    static boolean isBlank(ByteBuffer file, int position) {
        return file.getInt(position + StoredMessageLayout.MAGIC_OFFSET) == StoredMessageLayout.MAGIC_BLANK;
    }

    /**
     * Checks that {@code bytes} (from its position to its limit) are whole records to be written at
     * {@code filePosition} of a file of {@code fileSize} bytes: each has a known magic and a length that fits;
     * a BLANK filler comes as its 8-byte header alone, last, and its length ends the file exactly.
     *
     * @return null when they are, else why not
     */
    static String checkWhole(ByteBuffer bytes, int filePosition, int fileSize) {
        int start = bytes.position();
        int end = bytes.limit();
        if (filePosition + (end - start) > fileSize) {
            return (end - start) + " bytes at file position " + filePosition + " run past the end of the "
                    + fileSize + "-byte file";
        }
        int at = start;
        while (at < end) {
            if (at + StoredMessageLayout.BLANK_MIN_LENGTH > end) {
                return "a partial record header at byte " + (at - start);
            }
            int length = bytes.getInt(at + StoredMessageLayout.TOTAL_SIZE_OFFSET);
            int magic = bytes.getInt(at + StoredMessageLayout.MAGIC_OFFSET);
            if (magic == StoredMessageLayout.MAGIC_BLANK) {
                if (at + StoredMessageLayout.BLANK_MIN_LENGTH != end
                        || filePosition + (at - start) + length != fileSize) {
                    return "a BLANK filler at byte " + (at - start) + " that does not end its file";
                }
                return null;
            }
            if (!StoredMessageLayout.isMessageMagic(magic)) {
                return "an unknown record magic 0x" + Integer.toHexString(magic) + " at byte " + (at - start);
            }
            if (length < StoredMessageLayout.BLANK_MIN_LENGTH || length > end - at) {
                return "a record length " + length + " at byte " + (at - start) + " that does not fit the "
                        + (end - start) + " bytes received";
            }
            at += length;
        }
        return null;
    }
}
