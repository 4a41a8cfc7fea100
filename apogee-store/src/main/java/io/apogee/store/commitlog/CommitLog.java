package io.apogee.store.commitlog;

import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.ProtocolException;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.file.MappedFile;
import io.apogee.store.file.MappedFileQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The commit log: every message of every topic, in the stored layout, in fixed-size mapped files. An
 * append fills in the store-side fields (queue offset, physical offset, store time, store host, body CRC),
 * encodes the record (or a batch's records) into a staging buffer and copies it into the file with one
 * positional write; readers read it through the mapping ({@link MappedFile#write} says why writes do not go
 * through the mapping too). An append written behind ({@link #appendBehind}) leaves its records staged, after
 * those staged before, until {@link #writeBehind} or the next other append writes them all with one write. A
 * record never straddles two files: when it does not fit with room left for a filler, the rest of the file is
 * filled with one BLANK record and the log rolls ({@link LogEnd}).
 *
 * <p>One writer at a time: appends run under a lock held only for the encode and one write into the page
 * cache (no disk I/O, no allocation besides the rare new file or a larger staging buffer), which keeps the
 * caller's thread doing its own copy and lets SYNC_FLUSH callers wait for the group force outside the lock. A
 * dedicated append thread would add a hand-off per message for no gain, since the copy is the whole critical
 * section.
 *
 * <p>Disk space: before a roll the log checks that the next file plus {@code rollReserve} (room for the
 * consume-queue and index files that the new messages will need) is free; if not, or if creating the file
 * fails, the append is refused with DISK_FULL before anything is written, and the next append tries the roll
 * again, so writes resume by themselves once space returns. The next file is created ahead, off the append
 * path, by {@link FileRoller}, so a roll usually only adds a file that is ready. Under SYNC_FLUSH, and under
 * ASYNC_FLUSH with {@code warmMapedFileEnable} on, a file's blocks are written with zeros when it is created
 * ({@link MappedFile#open}), so a write into it never needs a block the disk cannot give. Otherwise the file is
 * sparse and gets its blocks as it is written, and a write that finds the disk full (filled by something else
 * since the roll) is refused with DISK_FULL too
 * ({@link #refusedOrFaulted}). Its records stay staged and are written before anything new: a send refused
 * that way may still be stored once space returns, as a send that timed out may be.
 *
 * <p>Thread safety: {@link #append} from any thread; readers use {@link #files()} and read below the
 * visible offset the store publishes.
 */
public final class CommitLog {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);
    private static final int LOCK_SPINS = 64;
    private static final RateLimitedLog DISK_FULL_WRITES = new RateLimitedLog(LOG, 10_000);

    private final MappedFileQueue files;
    private final int maxMessageSize;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final RecordEncoder encoder;
    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final FileRoller roller;
    /** The last file, what is staged after it, the published end; guarded by the write lock. */
    private final LogEnd end;
    /** A fault from a write into a file; once set, every append is refused (sticky until restart). */
    private volatile Throwable fault;

    /**
     * @param usableBytes bytes free for the store on its file system, asked before each roll
     * @param rollReserve bytes that must stay free after a new commit-log file is allocated
     */
    public CommitLog(MappedFileQueue files, int maxMessageSize, byte[] storeHostIp, int storePort,
                     LongSupplier usableBytes, long rollReserve) {
        this.files = files;
        this.roller = new FileRoller(files, usableBytes, rollReserve, this::maxOffset);
        this.end = new LogEnd(files, roller, usableBytes);
        this.maxMessageSize = maxMessageSize;
        this.encoder = new RecordEncoder(storeHostIp, storePort);
    }

    public MappedFileQueue files() {
        return files;
    }

    /** The offset after the last record written (not necessarily forced). */
    public long maxOffset() {
        return end.maxOffset();
    }

    /** Bytes left in the file being written, 0 before the first file; read without the lock, so a hint. */
    public long roomInCurrentFile() {
        MappedFile file = files.last();
        return file == null ? 0 : file.fileSize() - file.wrotePosition();
    }

    public long minOffset() {
        return files.minOffset();
    }

    /**
     * Sets the write position after recovery; only before appends start. The file the log goes on in is
     * prepared ahead when it does not exist yet ({@link FileRoller#prepareAtStart}).
     */
    public void recoverEnd(long endOffset) {
        end.maxOffset(endOffset);
        roller.prepareAtStart(endOffset);
    }

    /** Sets the next queue offset of a queue; only while nothing appends (recovery, a slave becoming master). */
    public void recoverQueueOffset(String topic, int queueId, long nextOffset) {
        topics.computeIfAbsent(topic, TopicQueues::new).set(queueId, nextOffset);
    }

    /**
     * Records a fault from a write into a {@code what} file (an I/O error, or the JVM's InternalError for a
     * SIGBUS in a mapping): from now on every append is refused with {@link AppendStatus#STORE_FAULT}, so
     * nothing more is acknowledged that the store might not keep. Logged once, with the cause. Any thread.
     */
    public synchronized void fault(Throwable e, String what) {
        if (fault == null) {
            fault = e;
            LOG.error("a write into a {} file failed (the file was truncated underneath the store, or its "
                    + "disk failed); the store refuses all further appends until it is restarted", what, e);
        }
    }

    /** True once a write into a file faulted; see {@link #fault}. */
    public boolean faulted() {
        return fault != null;
    }

    /**
     * Writes the request's message(s) and fills in its results. Returns PUT_OK once the bytes are in the
     * page cache; durability under SYNC_FLUSH is the flusher's business.
     */
    public AppendStatus append(AppendRequest request) {
        return append(request, false);
    }

    /**
     * As {@link #append}, but the records are only staged, after any staged before them: they reach the file, and
     * readers, with the next {@link #writeBehind} or the next append that is not written behind, in one
     * positional write for all. PUT_OK here means staged; the caller must not acknowledge the request before
     * that write.
     */
    public AppendStatus appendBehind(AppendRequest request) {
        return append(request, true);
    }

    /**
     * Writes the staged records into the file and lets readers see them. PUT_OK when nothing staged is left
     * unwritten; STORE_FAULT when the write failed now or an earlier write faulted (the staged records are then
     * never written).
     */
    public AppendStatus writeBehind() {
        lockForWrite();
        try {
            if (fault != null) {
                return AppendStatus.STORE_FAULT;
            }
            end.writeStaged();
            return AppendStatus.PUT_OK;
        } catch (IOException e) {
            return refusedOrFaulted(e);
        } catch (InternalError e) {
            fault(e, "commit-log");
            return AppendStatus.STORE_FAULT;
        } finally {
            writeLock.unlock();
        }
    }

    private AppendStatus append(AppendRequest request, boolean behind) {
        ByteBuffer extra = request.extraProperties;
        int extraLength = extra == null ? 0 : extra.remaining();
        if (fault != null) {
            return AppendStatus.STORE_FAULT;
        }
        lockForWrite();
        try {
            if (end.refusedForSpace()) {
                end.writeStaged(); // what a full disk left staged goes first, or nothing new is taken
            }
            TopicQueues queues = topics.get(request.topic);
            if (queues == null) {
                queues = topics.computeIfAbsent(request.topic, TopicQueues::new);
            }
            return request.batch ? appendBatch(request, queues, extraLength, behind)
                    : appendSingle(request, queues, extraLength, behind);
        } catch (FileRoller.RollRefused e) {
            return e.status;
        } catch (IOException e) {
            return refusedOrFaulted(e);
        } catch (InternalError e) {
            // The JVM's error for a SIGBUS from a mapped page: a file was truncated underneath the store.
            fault(e, "commit-log");
            return AppendStatus.STORE_FAULT;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A write that found the disk full (a sparse file gets its blocks as it is written) is
     * refused with DISK_FULL; its records stay staged and are written before the next append, which is refused
     * the same way while the disk stays full. Any other I/O error means a failed disk: stop acknowledging for
     * good. Under the write lock.
     */
    private AppendStatus refusedOrFaulted(IOException e) {
        if (!end.isOutOfSpace(e)) {
            fault(e, "commit-log");
            return AppendStatus.STORE_FAULT;
        }
        DISK_FULL_WRITES.warn("a commit-log write found the disk full ({}); appends are refused until space returns",
                e.getMessage());
        return AppendStatus.DISK_FULL;
    }

    /**
     * Takes the write lock, first retrying briefly without parking: the lock is held for a copy of a few
     * microseconds, so when appenders arrive in a burst (SYNC_FLUSH waiters woken by one force) a short spin
     * usually gets it, where parking would cost a context switch on each side.
     */
    private void lockForWrite() {
        for (int i = 0; i < LOCK_SPINS; i++) {
            if (writeLock.tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        writeLock.lock();
    }

    private AppendStatus appendSingle(AppendRequest request, TopicQueues queues, int extraLength, boolean behind)
            throws IOException {
        int length = encoder.prepareSingle(request, queues.topicBytes(), extraLength);
        if (length < 0) {
            return AppendStatus.PROPERTIES_SIZE_EXCEEDED;
        }
        if (length > maxMessageSize || queues.topicBytes().remaining() > StoredMessageLayout.MAX_TOPIC_LENGTH_V2) {
            return AppendStatus.MESSAGE_ILLEGAL;
        }
        ByteBuffer body = request.body;
        int entries = InnerBatch.queueOffsets(request.sysFlag, body, body.position(), body.limit());
        if (entries <= 0) {
            return AppendStatus.MESSAGE_ILLEGAL;
        }
        MappedFile file = end.fileWithRoom(length);
        request.storeTimestamp = System.currentTimeMillis();
        boolean queued = isQueued(request.sysFlag);
        request.queueOffset = queued ? queues.next(request.queueId) : 0;
        request.physicalOffset = end.nextOffset(file);
        int written = encoder.encode(end.room(length), end.staged(), request, request.queueOffset,
                request.physicalOffset, request.properties);
        if (queued) {
            queues.set(request.queueId, request.queueOffset + entries);
        }
        request.innerNum = InnerBatch.isInnerBatch(request.sysFlag) ? entries : 0;
        request.messageCount = 1;
        request.physicalOffsets[0] = request.physicalOffset;
        request.wroteBytes = written;
        request.endOffset = end.stage(file, written, behind);
        return AppendStatus.PUT_OK;
    }

    private AppendStatus appendBatch(AppendRequest request, TopicQueues queues, int extraLength, boolean behind)
            throws IOException {
        ByteBuffer batch = request.body;
        ByteBuffer body = batch.duplicate();
        ByteBuffer properties = batch.duplicate();
        int total = 0;
        int count = 0;
        try {
            for (int at = batch.position(); at < batch.limit(); count++) {
                int recordLength = BatchMessageCodec.checkRecord(batch, at, batch.limit());
                int length = encoder.prepareBatchRecord(batch, at, body, properties, queues.topicBytes(), request,
                        extraLength);
                if (length < 0) {
                    return AppendStatus.PROPERTIES_SIZE_EXCEEDED;
                }
                if (length > maxMessageSize) {
                    return AppendStatus.MESSAGE_ILLEGAL;
                }
                total += length;
                at += recordLength;
            }
        } catch (ProtocolException e) {
            return AppendStatus.MESSAGE_ILLEGAL;
        }
        if (count == 0 || total > files.fileSize() - StoredMessageLayout.BLANK_MIN_LENGTH) {
            return AppendStatus.MESSAGE_ILLEGAL;
        }
        if (request.physicalOffsets.length < count) {
            request.physicalOffsets = new long[Math.max(count, request.physicalOffsets.length * 2)];
        }
        MappedFile file = end.fileWithRoom(total);
        request.storeTimestamp = System.currentTimeMillis();
        request.queueOffset = queues.next(request.queueId);
        request.physicalOffset = end.nextOffset(file);
        long physical = request.physicalOffset;
        ByteBuffer stage = end.room(total);
        int staged = end.staged();
        int written = 0;
        int index = 0;
        for (int at = batch.position(); at < batch.limit(); index++) {
            int recordLength = batch.getInt(at + BatchMessageCodec.TOTAL_SIZE_OFFSET);
            encoder.prepareBatchRecord(batch, at, body, properties, queues.topicBytes(), request, extraLength);
            request.physicalOffsets[index] = physical;
            int length = encoder.encode(stage, staged + written, request, request.queueOffset + index, physical,
                    properties);
            physical += length;
            written += length;
            at += recordLength;
        }
        queues.set(request.queueId, request.queueOffset + count);
        request.messageCount = count;
        request.wroteBytes = written;
        request.endOffset = end.stage(file, written, behind);
        return AppendStatus.PUT_OK;
    }

    /**
     * Whether a message takes a queue offset: transactional half (prepared) and rollback records do not,
     * as in RocketMQ; they live in the commit log only and are not dispatched to a consume queue.
     */
    public static boolean isQueued(int sysFlag) {
        int type = MessageSysFlag.transactionType(sysFlag);
        return type != MessageSysFlag.TRANSACTION_PREPARED_TYPE && type != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
    }

    /**
     * Replication, on a slave: writes {@code records} (whole records copied from the master's log) at exactly
     * {@code offset}, which must be where this log ends (or, in an empty log, the start of a file), and returns
     * the new end. Rolls to the next file when the current one is full (the master never ships bytes that
     * cross a file), to a file prepared ahead as on a master.
     *
     * @throws IllegalArgumentException when the bytes do not continue this log or are not whole records
     * @throws IllegalStateException    when the next file cannot be created or the log stopped after a fault
     */
    public long appendReplicated(long offset, ByteBuffer records) {
        if (fault != null) {
            throw new IllegalStateException("the commit log takes no writes after a fault in a mapped file");
        }
        lockForWrite();
        try {
            end.writeStaged();
            if (offset != end.maxOffset()) {
                if (!isEmptyAndFileAligned(offset)) {
                    throw new IllegalArgumentException("replicated bytes start at offset " + offset
                            + " but this commit log ends at " + end.maxOffset());
                }
                end.maxOffset(offset);
            }
            int position = (int) (offset % files.fileSize());
            String notWhole = ReplicaRecords.checkWhole(records, position, files.fileSize());
            if (notWhole != null) {
                throw new IllegalArgumentException("replicated bytes at offset " + offset + " are not whole records: "
                        + notWhole);
            }
            int length = records.remaining();
            if (length == 0) {
                return end.maxOffset();
            }
            MappedFile file = files.last();
            if (file == null || file.isFull()) {
                if (file != null) {
                    file.closeChannel();
                }
                file = roller.roll(offset - position);
            }
            file.write(position, records.duplicate());
            // A BLANK filler comes as its header alone: the rest of the file is the zeros it was created with.
            boolean blankLast = ReplicaRecords.isBlank(records, records.limit() - StoredMessageLayout.BLANK_MIN_LENGTH);
            int wrote = blankLast ? file.fileSize() : position + length;
            file.setWrotePosition(wrote);
            end.maxOffset(file.fileFromOffset() + wrote);
            roller.prepareNext(file);
            return end.maxOffset();
        } catch (FileRoller.RollRefused e) {
            throw new IllegalStateException("cannot create the commit-log file for offset " + offset + ": " + e.status);
        } catch (IOException e) {
            if (end.isOutOfSpace(e)) {
                // Nothing moved: the master ships these bytes again once the slave asks from its end again.
                throw new IllegalStateException("no disk space for replicated records at offset " + offset, e);
            }
            fault(e, "commit-log");
            throw new IllegalStateException("a write into a commit-log file failed", e);
        } catch (InternalError e) {
            fault(e, "commit-log");
            throw new IllegalStateException("a write into a commit-log file failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Cuts the log at {@code offset}: later files are deleted and the file holding it is zeroed (and forced)
     * from there, so a crash cannot bring the dropped records back. Only while no append runs (the store
     * stops its workers first).
     */
    public void truncateTo(long offset) {
        lockForWrite();
        try {
            end.dropStaged();
            files.truncateTo(offset);
            end.maxOffset(offset);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * An empty slave's log may begin where the master's oldest file begins, when retention deleted the files
     * before it: the master ships from there, file by file, as it ships any other log.
     */
    private boolean isEmptyAndFileAligned(long offset) {
        return end.maxOffset() == 0 && files.last() == null && offset % files.fileSize() == 0;
    }

    /** Stops the thread that prepares the next file and deletes a file it prepared that was not used. */
    public void shutdown() {
        writeBehind();
        roller.shutdown();
        MappedFile last = files.last();
        if (last != null) {
            last.closeChannel();
        }
    }

    /** Why the last roll was refused, or null when the last roll succeeded (or none failed). */
    public Exception rollFailure() {
        return roller.rollFailure();
    }

    /**
     * The file holding {@code offset} with a reference taken, or null; readers other than the writer read a
     * file only while holding it, and {@link MappedFile#release()} it (or hand the reference on) afterwards.
     */
    public MappedFile hold(long offset) {
        return files.hold(offset);
    }
}
