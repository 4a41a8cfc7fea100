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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The slave's side of replication, one thread: connects to the master's replication port, reports where its
 * own commit log ends, then writes each batch the master ships at exactly that offset and reports again.
 * Every report (also after a heartbeat) tells the master what this slave holds, which is what SYNC_MASTER
 * waits for.
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
    private final HaConfig config;
    private final int maxBatchBytes;
    /** host:port of the master's replication port, or null while unknown. */
    private final Supplier<String> masterAddress;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Socket socket;
    private volatile String lastError;

    ReplicationClient(MessageStore store, HaConfig config, int maxMessageSize, Supplier<String> masterAddress) {
        this.store = store;
        this.config = config;
        this.maxBatchBytes = config.haTransferBatchSize() + maxMessageSize;
        this.masterAddress = masterAddress;
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
            long end = store.commitLogMaxOffset();
            TransferFrames.writeReport(out, 0, end);
            LOG.info("replicating from master {} from offset {}", address, end);
            lastError = null;
            while (!closed) {
                // An empty log (end 0) may begin where the master's oldest file does (see
                // CommitLog.appendReplicated); any other must continue exactly where it ends.
                TransferFrames.BatchHeader header = TransferFrames.readBatchHeader(in, bytes.length);
                in.readFully(bytes, 0, header.length());
                if (header.length() > 0) {
                    end = store.appendReplicated(header.startOffset(), ByteBuffer.wrap(bytes, 0, header.length()));
                } else if (header.startOffset() != end && end != 0) {
                    throw new TransferFrames.TransferException("the master would ship from offset "
                            + header.startOffset() + " but this log ends at " + end);
                }
                TransferFrames.writeReport(out, header.epoch(), end);
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                String why = e.toString();
                if (!why.equals(lastError)) {
                    LOG.warn("replication from master {} stopped (reconnecting): {}", address, why);
                }
                lastError = why;
            }
        } finally {
            socket = null;
        }
    }

    /** Why the last connection ended, or null while the current one is fine (tests, admin). */
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
