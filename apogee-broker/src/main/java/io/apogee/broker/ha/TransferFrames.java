package io.apogee.broker.ha;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The replication protocol on {@code haListenPort}, Apogee's own, big-endian:
 *
 * <pre>
 * master ──► slave  batch:  magic "APHB" (int) | epoch (int) | start offset (long) | length (int) | bytes
 *                            (length 0: a heartbeat; start offset is where the master would ship from)
 * slave  ──► master report: magic "APHR" (int) | epoch (int) | offset (long)
 *                            (the slave holds, forced under SYNC_FLUSH, every byte below offset)
 * </pre>
 *
 * A batch is whole commit-log records of one file. The epoch is the master's term; it is 0 until a controller
 * hands out epochs, and is carried now so that a slave can later refuse an older master's batches.
 *
 * <p>Thread safety: stateless; each stream has one reading and one writing thread.
 */
final class TransferFrames {

    static final int BATCH_MAGIC = 0x41504842;
    static final int REPORT_MAGIC = 0x41504852;
    static final int BATCH_HEADER_LENGTH = 20;
    static final int REPORT_LENGTH = 16;

    /** A batch header as read. */
    record BatchHeader(int epoch, long startOffset, int length) {
    }

    private TransferFrames() {
    }

    static void writeBatchHeader(DataOutputStream out, int epoch, long startOffset, int length) throws IOException {
        out.writeInt(BATCH_MAGIC);
        out.writeInt(epoch);
        out.writeLong(startOffset);
        out.writeInt(length);
    }

    static void writeReport(DataOutputStream out, int epoch, long offset) throws IOException {
        out.writeInt(REPORT_MAGIC);
        out.writeInt(epoch);
        out.writeLong(offset);
        out.flush();
    }

    /**
     * Reads a batch header; the caller reads {@code length} bytes after it.
     *
     * @throws TransferException for a wrong magic, a negative start offset or a length outside 0..maxLength
     */
    static BatchHeader readBatchHeader(DataInputStream in, int maxLength) throws IOException {
        int magic = in.readInt();
        if (magic != BATCH_MAGIC) {
            throw new TransferException("not a replication batch: magic 0x" + Integer.toHexString(magic));
        }
        int epoch = in.readInt();
        long start = in.readLong();
        int length = in.readInt();
        if (start < 0) {
            throw new TransferException("a batch starting at negative offset " + start);
        }
        if (length < 0 || length > maxLength) {
            throw new TransferException("a batch of " + length + " bytes (at most " + maxLength + " allowed)");
        }
        return new BatchHeader(epoch, start, length);
    }

    /**
     * Reads a report and returns its offset.
     *
     * @throws TransferException for a wrong magic or a negative offset
     */
    static long readReport(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != REPORT_MAGIC) {
            throw new TransferException("not a replication report: magic 0x" + Integer.toHexString(magic));
        }
        in.readInt();
        long offset = in.readLong();
        if (offset < 0) {
            throw new TransferException("a report of negative offset " + offset);
        }
        return offset;
    }

    /** A peer broke the protocol; its connection is closed, and the other connections go on. */
    static final class TransferException extends IOException {
        TransferException(String message) {
            super(message);
        }
    }
}
