package io.apogee.broker.ha;

import io.apogee.common.log.RateLimitedLog;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.concurrent.locks.LockSupport;

/**
 * One slave's connection on the master: a shipper thread says hello (this master's epoch history and log
 * end), then sends the commit log from the offset the slave first reports, batch after batch, and a heartbeat when idle; a reader thread takes the slave's reports and
 * tells {@link ReplicaAcks}. Blocking sockets with two threads per slave: a group has one or two slaves, so
 * this costs nothing and the code reads top to bottom.
 *
 * <p>A report carrying an epoch newer than this master's means another master was elected meanwhile: the
 * connection ends and the broker is told, so that it stops acknowledging sends.
 *
 * <p>A protocol error (a bad frame, an offset this log does not hold) is logged once and closes this
 * connection only; the slave reconnects and the master goes on serving the others.
 *
 * <p>Thread safety: {@link #wake()} from any thread; {@link #close()} from any thread, once or more.
 */
final class SlaveConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SlaveConnection.class);
    /** A slave that cannot continue reconnects every second; saying why once a minute is enough. */
    private static final RateLimitedLog BEHIND_RETENTION = new RateLimitedLog(LOG, 60_000);

    private final Socket socket;
    private final MessageStore store;
    private final ReplicaAcks acks;
    private final ReplicaAcks.Replica replica;
    private final HaConfig config;
    private final EpochFile epochs;
    /** Told a slave's newer epoch: this master was superseded. */
    private final IntConsumer newerEpoch;
    private final int maxMessageSize;
    private final Runnable onClose;
    private final String peer;
    private final Thread shipper;
    private final Thread reader;
    /** Where the slave asked to start; -1 until its first report. */
    private volatile long startOffset = -1;
    private volatile boolean parked;
    private volatile boolean closed;
    /** Set when this master cannot continue the slave's log, which {@link #firstOffset} already said. */
    private volatile boolean refused;

    SlaveConnection(Socket socket, MessageStore store, int maxMessageSize, ReplicaAcks acks, HaConfig config,
                    EpochFile epochs, IntConsumer newerEpoch, Runnable onClose) {
        this.maxMessageSize = maxMessageSize;
        this.socket = socket;
        this.store = store;
        this.acks = acks;
        this.replica = acks.connected();
        this.config = config;
        this.epochs = epochs;
        this.newerEpoch = newerEpoch;
        this.onClose = onClose;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
        this.shipper = new Thread(this::ship, "ha-ship-" + peer);
        this.reader = new Thread(this::read, "ha-reports-" + peer);
        shipper.setDaemon(true);
        reader.setDaemon(true);
    }

    void start() {
        reader.start();
        shipper.start();
    }

    /** Tells the shipper that the log grew; costs a volatile read unless the shipper is parked. */
    void wake() {
        if (parked) {
            LockSupport.unpark(shipper);
        }
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            int[] epoch = new int[1];
            long[] brokerId = new long[1];
            while (!closed) {
                long offset = TransferFrames.readReport(in, epoch, brokerId);
                if (epoch[0] > Math.max(0, epochs.lastEpoch())) {
                    newerEpoch.accept(epoch[0]);
                    close(null);
                    return;
                }
                if (startOffset < 0) {
                    startOffset = offset;
                    LOG.info("slave {} connected, replicating from offset {}", peer, offset);
                    LockSupport.unpark(shipper);
                }
                replica.brokerId = brokerId[0];
                acks.report(replica, offset);
            }
        } catch (EOFException e) {
            close(null);
        } catch (IOException | RuntimeException e) {
            close(e);
        }
    }

    private void ship() {
        int batch = config.haTransferBatchSize();
        ByteBuffer buffer = ByteBuffer.allocate(batch + maxMessageSize);
        long heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(config.haSendHeartbeatInterval());
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            TransferFrames.writeHello(out, epochs.entries(), store.commitLogMaxOffset());
            while (!closed && startOffset < 0) {
                LockSupport.parkNanos(this, heartbeatNanos);
            }
            long next = firstOffset(startOffset);
            if (next < 0) {
                refused = true;
                close(null);
                return;
            }
            long lastSent = System.nanoTime();
            while (!closed) {
                // A batch never spans two epochs, so the slave can start each epoch's entry where it begins.
                long epochEnd = epochs.nextEpochStart(next);
                int covered = store.copyCommitLog(next, (int) Math.min(batch, epochEnd - next), buffer.clear());
                if (covered > 0) {
                    TransferFrames.writeBatchHeader(out, Math.max(0, epochs.epochAt(next)), next, buffer.position());
                    out.write(buffer.array(), 0, buffer.position());
                    next += covered;
                    lastSent = System.nanoTime();
                    continue;
                }
                out.flush();
                long idle = System.nanoTime() - lastSent;
                if (idle >= heartbeatNanos) {
                    TransferFrames.writeBatchHeader(out, Math.max(0, epochs.lastEpoch()), next, 0);
                    out.flush();
                    lastSent = System.nanoTime();
                    continue;
                }
                parked = true;
                // Checked after announcing the park, so a wake between the copy and the park is not lost.
                if (store.commitLogMaxOffset() <= next && !closed) {
                    LockSupport.parkNanos(this, heartbeatNanos - idle);
                }
                parked = false;
            }
        } catch (IOException | RuntimeException e) {
            close(e);
        }
    }

    /**
     * Where to ship from for a slave whose log ends at {@code reported}, or -1 when this log no longer holds
     * that offset. An empty slave starts at this log's oldest file when retention deleted the ones before; a
     * slave whose log ends before that cannot continue it, and its operator has to empty it.
     */
    private long firstOffset(long reported) {
        long min = store.commitLogMinOffset();
        if (reported >= min) {
            return reported;
        }
        if (reported == 0) {
            LOG.info("slave {} has an empty commit log and this one begins at offset {} (retention deleted what "
                    + "came before): replicating from there", peer, min);
            return min;
        }
        BEHIND_RETENTION.warn("slave {} holds the commit log up to offset {} but this master's begins at {} "
                + "(retention deleted the rest), so the slave cannot continue it: stop the slave, empty its store "
                + "folder and start it again", peer, reported, min);
        return -1;
    }

    /** Closes the socket (which ends both threads); logs why once, when there is a why. */
    void close(Exception why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (why != null) {
            LOG.warn("replication to slave {} stopped: {}", peer, why.toString());
        } else if (!refused) {
            LOG.info("slave {} disconnected", peer);
        }
        acks.disconnected(replica);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", peer, e.toString());
        }
        LockSupport.unpark(shipper);
        onClose.run();
    }
}
