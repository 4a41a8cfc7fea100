package io.apogee.broker.ha;

import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The slave's side of replication, one thread: connects to the master's replication port, reads its hello,
 * cuts its own log back to where it diverged from the master's ({@link DivergencePoint}), reports where it
 * ends, then writes each batch the master ships at exactly that offset and reports again.
 * Every report (also after a heartbeat) tells the master what this slave holds, which is what SYNC_MASTER
 * waits for.
 *
 * <p>Fencing: a master (hello) or batch older than the newest epoch in this broker's {@link EpochFile} is
 * refused; a batch of a newer epoch first adds that epoch's entry.
 *
 * <p>A batch that does not continue this log, a malformed frame, or a master silent for three heartbeat
 * intervals ends the connection with one log line; the thread reconnects after a pause and resumes from its
 * own log's end, which is also where a restarted slave resumes.
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} by the broker's owning thread.
 */
final class ReplicationClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationClient.class);

    private final MessageStore store;
    private final EpochFile epochs;
    private final HaConfig config;
    private final int maxBatchBytes;
    /** host:port of the master's replication port, or null while unknown. */
    private final Supplier<String> masterAddress;
    /** This broker's id, which names it in its reports. */
    private final LongSupplier brokerId;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Socket socket;
    /** Why the last connection ended; kept after the next one succeeds. */
    private volatile String lastError;
    /** The reason last logged, cleared by a connection that worked, so a failure repeating is logged once. */
    private String lastLogged;
    /** Bytes cut from this log where it diverged from a master's, since start; written by this thread only. */
    private volatile long cutBytes;

    ReplicationClient(MessageStore store, EpochFile epochs, HaConfig config, int maxMessageSize,
                      Supplier<String> masterAddress, LongSupplier brokerId) {
        this.store = store;
        this.epochs = epochs;
        this.config = config;
        this.maxBatchBytes = config.haTransferBatchSize() + maxMessageSize;
        this.masterAddress = masterAddress;
        this.brokerId = brokerId;
        this.thread = new Thread(this::run, "ha-slave");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        byte[] bytes = new byte[maxBatchBytes];
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(1_000, config.haSendHeartbeatInterval()));
        while (!closed) {
            String address = masterAddress.get();
            if (address != null && !address.isBlank()) {
                replicateFrom(address, bytes);
            }
            if (!closed) {
                LockSupport.parkNanos(this, pauseNanos);
            }
        }
    }

    private void replicateFrom(String address, byte[] bytes) {
        int colon = address.lastIndexOf(':');
        try (Socket s = new Socket()) {
            socket = s;
            if (closed) {
                return;
            }
            s.connect(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))), 3_000);
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, 3 * config.haSendHeartbeatInterval()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            long end = follow(address, TransferFrames.readHello(in), out);
            LOG.info("replicating from master {} from offset {}", address, end);
            lastLogged = null;
            while (!closed) {
                // An empty log (end 0) may begin where the master's oldest file does (see
                // CommitLog.appendReplicated); any other must continue exactly where it ends.
                TransferFrames.BatchHeader header = TransferFrames.readBatchHeader(in, bytes.length);
                in.readFully(bytes, 0, header.length());
                int newest = epochs.lastEpoch();
                if (header.epoch() < newest) {
                    throw new TransferFrames.TransferException("refusing a batch of epoch " + header.epoch()
                            + " at offset " + header.startOffset() + ": this broker knows the newer epoch " + newest);
                }
                if (header.length() > 0) {
                    end = store.appendReplicated(header.startOffset(), ByteBuffer.wrap(bytes, 0, header.length()));
                    // After the write: a crash between the two leaves the epoch's first batch counted as the
                    // older epoch's, which the next hello cuts and fetches again; never an entry with no log.
                    if (header.epoch() > newest) {
                        epochs.append(header.epoch(), header.startOffset());
                    }
                } else if (header.startOffset() != end && end != 0) {
                    throw new TransferFrames.TransferException("the master would ship from offset "
                            + header.startOffset() + " but this log ends at " + end);
                }
                TransferFrames.writeReport(out, epochs.lastEpoch(), end, brokerId.getAsLong());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                String why = e.toString();
                lastError = why;
                if (!why.equals(lastLogged)) {
                    LOG.warn("replication from master {} stopped (reconnecting): {}", address, why);
                    lastLogged = why;
                }
            }
        } finally {
            socket = null;
        }
    }

    /**
     * Answers a master's hello: refuses a master older than the newest epoch this broker knows (telling it that
     * epoch, so that it stops acknowledging sends); otherwise cuts this log back to where it diverged from the
     * master's (only bytes of an epoch older than the master's: the newer master superseded them), drops the epoch entries past the cut, and reports the offset to ship from.
     *
     * @return this log's end, where the master ships from
     */
    private long follow(String address, TransferFrames.Hello hello, DataOutputStream out) throws IOException {
        long end = store.commitLogMaxOffset();
        int newest = epochs.lastEpoch();
        if (hello.epoch() < newest) {
            TransferFrames.writeReport(out, newest, end, brokerId.getAsLong());
            throw new TransferFrames.TransferException("refusing master " + address + " at epoch " + hello.epoch()
                    + ": this broker knows the newer epoch " + newest + " (the master was superseded)");
        }
        long consistent = DivergencePoint.of(epochs, end, hello);
        if (consistent < 0) {
            throw new TransferFrames.TransferException("this log's epochs " + epochs + " share none with master "
                    + address + "'s " + Arrays.toString(hello.epochs()) + ": stop this broker, empty its "
                    + "store folder and start it again");
        }
        int cutEpoch = epochs.epochAt(consistent);
        if (consistent < end && cutEpoch >= hello.epoch()) {
            // Only a newer master supersedes what an epoch wrote: bytes of the master's own epoch past its end
            // mean the master lost them (a disk lost, or static roles swapped), and cutting would lose them too.
            throw new TransferFrames.TransferException("this log holds bytes of epoch " + cutEpoch + " from offset "
                    + consistent + " to " + end + " that master " + address + " at epoch " + hello.epoch()
                    + " lacks; not cutting them: make this broker the master, or empty its store folder");
        }
        if (consistent < end) {
            LOG.warn("this log diverged from master {} at offset {} (epochs here {}, there {}): cutting {} bytes",
                    address, consistent, epochs, Arrays.toString(hello.epochs()), end - consistent);
            long cutTo = store.truncateCommitLog(consistent);
            cutBytes += end - cutTo;
            end = cutTo;
        }
        epochs.truncateFrom(end);
        TransferFrames.writeReport(out, epochs.lastEpoch(), end, brokerId.getAsLong());
        return end;
    }

    /** Bytes cut from this log where it diverged from a master's, since start (tests, admin). */
    long cutBytes() {
        return cutBytes;
    }

    /** Why the last connection to a master ended, or null if none has (tests, admin). */
    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the replication connection: {}", e.toString());
            }
        }
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
