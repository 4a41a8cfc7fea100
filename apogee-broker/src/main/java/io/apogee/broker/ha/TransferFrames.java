package io.apogee.broker.ha;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The replication protocol on {@code haListenPort}, Apogee's own, big-endian:
 *
 * <pre>
 * master ──► slave  hello:  magic "APHE" (int) | epoch (int) | log end (long) | count (int)
 *                            | count × (epoch (int) | start offset (long))     (first, once: its epoch file)
 * master ──► slave  batch:  magic "APHB" (int) | epoch (int) | start offset (long) | length (int) | bytes
 *                            (length 0: a heartbeat; start offset is where the master would ship from)
 * slave  ──► master report: magic "APHR" (int) | epoch (int) | offset (long) | brokerId (long)
 *                            (the slave holds, forced under SYNC_FLUSH, every byte below offset; its brokerId
 *                            names it in the in-sync set a master reports to the controller)
 * </pre>
 *
 * A batch is whole commit-log records of one file, all written in one epoch, which the batch carries (a
 * heartbeat carries the master's current epoch). A slave compares the hello's entries with its own epoch file
 * to find where it diverged ({@link DivergencePoint}), refuses a master or a batch older than the newest epoch
 * it knows, and its reports carry that newest epoch, by which an older master learns it was superseded.
 *
 * <p>Thread safety: stateless; each stream has one reading and one writing thread.
 */
final class TransferFrames {

    static final int HELLO_MAGIC = 0x41504845;
    static final int BATCH_MAGIC = 0x41504842;
    /** More entries than any history will have; a bigger count is a broken frame. */
    static final int MAX_HELLO_ENTRIES = 1 << 16;
    static final int REPORT_MAGIC = 0x41504852;
    static final int BATCH_HEADER_LENGTH = 20;
    static final int REPORT_LENGTH = 24;

    /** A batch header as read. */
    record BatchHeader(int epoch, long startOffset, int length) {
    }

    /** A master's hello: its epoch history, oldest first, and where its log ended when it said hello. */
    record Hello(int[] epochs, long[] starts, long end) {

        /** The master's current epoch (its newest entry), or 0 without entries. */
        int epoch() {
            return epochs.length == 0 ? 0 : epochs[epochs.length - 1];
        }

        /** Where {@code epoch} is in the history, or -1. */
        int indexOf(int epoch) {
            for (int i = 0; i < epochs.length; i++) {
                if (epochs[i] == epoch) {
                    return i;
                }
            }
            return -1;
        }
    }

    private TransferFrames() {
    }

    static void writeHello(DataOutputStream out, long[][] entries, long end) throws IOException {
        out.writeInt(HELLO_MAGIC);
        out.writeInt(entries.length == 0 ? 0 : (int) entries[entries.length - 1][0]);
        out.writeLong(end);
        out.writeInt(entries.length);
        for (long[] entry : entries) {
            out.writeInt((int) entry[0]);
            out.writeLong(entry[1]);
        }
        out.flush();
    }

    /**
     * Reads a master's hello.
     *
     * @throws TransferException for a wrong magic, a bad count or entries that do not grow
     */
    static Hello readHello(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != HELLO_MAGIC) {
            throw new TransferException("not a replication hello: magic 0x" + Integer.toHexString(magic));
        }
        in.readInt();
        long end = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > MAX_HELLO_ENTRIES) {
            throw new TransferException("a hello with " + count + " epoch entries");
        }
        int[] epochs = new int[count];
        long[] starts = new long[count];
        for (int i = 0; i < count; i++) {
            epochs[i] = in.readInt();
            starts[i] = in.readLong();
            if (starts[i] < 0 || starts[i] > end || i > 0 && (epochs[i] <= epochs[i - 1] || starts[i] < starts[i - 1])) {
                throw new TransferException("a hello whose epoch entries do not grow within its log: <" + epochs[i]
                        + ", " + starts[i] + "> (log end " + end + ")");
            }
        }
        return new Hello(epochs, starts, end);
    }

    static void writeBatchHeader(DataOutputStream out, int epoch, long startOffset, int length) throws IOException {
        out.writeInt(BATCH_MAGIC);
        out.writeInt(epoch);
        out.writeLong(startOffset);
        out.writeInt(length);
    }

    static void writeReport(DataOutputStream out, int epoch, long offset, long brokerId) throws IOException {
        out.writeInt(REPORT_MAGIC);
        out.writeInt(epoch);
        out.writeLong(offset);
        out.writeLong(brokerId);
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
     * Reads a report and returns its offset; the slave's newest epoch goes into {@code epoch[0]} and its
     * brokerId into {@code brokerId[0]} (arrays the reader reuses, so a report allocates nothing).
     *
     * @throws TransferException for a wrong magic or a negative offset
     */
    static long readReport(DataInputStream in, int[] epoch, long[] brokerId) throws IOException {
        int magic = in.readInt();
        if (magic != REPORT_MAGIC) {
            throw new TransferException("not a replication report: magic 0x" + Integer.toHexString(magic));
        }
        epoch[0] = in.readInt();
        long offset = in.readLong();
        brokerId[0] = in.readLong();
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
