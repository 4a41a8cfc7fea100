package io.apogee.store;

import io.apogee.common.file.DirectoryLock;
import io.apogee.protocol.message.HostAddress;
import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.commitlog.CommitLogReads;
import io.apogee.store.file.MappedFileQueue;
import io.apogee.store.flush.CommitLogFlusher;
import io.apogee.store.flush.ForceAction;
import io.apogee.store.index.IndexService;
import io.apogee.store.index.KeyQuery;
import io.apogee.store.queue.CommitLogDispatcher;
import io.apogee.store.queue.ConsumeQueue;
import io.apogee.store.queue.ConsumeQueueTable;
import io.apogee.store.recovery.StartPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * The store: wires the commit log, flusher, dispatcher, consume queues, index, reader and retention
 * together, and runs recovery on start. It holds no storage logic of its own.
 *
 * <p>Recovery: {@link StartPoint} finds where the valid commit log ends (a clean shutdown leaves the
 * {@value #CLEAN_MARKER} marker and the checkpoint behind); the log is cut there, consume queues drop entries past
 * the end, and queues and index are rebuilt by dispatching again from the checkpoint ({@link StoreWorkers}).
 *
 * <p>A running store holds an operating-system lock on {@value #LOCK_FILE} in its root, so a second store
 * (another broker or standalone) over the same folder is refused at start instead of handing out the same
 * commit-log offsets; the lock goes with the process, however it ends.
 *
 * <p>Threads: one flusher, one dispatcher, one retention thread. Thread safety as in {@link MessageStore}.
 */
public final class MappedMessageStore implements MessageStore {

    public static final String CLEAN_MARKER = "clean_shutdown";
    /** Held by the running store so that a second broker on the same folder is refused. */
    public static final String LOCK_FILE = "lock";
    private static final Logger LOG = LoggerFactory.getLogger(MappedMessageStore.class);

    private final MessageStoreConfig config;
    private final Path root;
    private final CommitLog commitLog;
    private final StoreAppends appends;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final DiskUsageSource diskUsage;
    private final boolean sync;
    /** Every listener added, so that a dispatcher started again after a truncation gets them too. */
    private final List<DispatchListener> listeners = new ArrayList<>();
    /** The running workers; replaced by a truncation, under the store's lock. */
    private volatile StoreWorkers workers;
    private volatile boolean running;
    private DirectoryLock lock;
    private final UnaryOperator<ForceAction> forceWrapper;

    /**
     * @param storeHost the broker's reachable address, written into every record (and so into offset ids)
     */
    public MappedMessageStore(MessageStoreConfig config, HostAddress storeHost, DiskUsageSource diskUsage) {
        this(config, storeHost, diskUsage, UnaryOperator.identity());
    }

    /**
     * As the other constructor, with the commit log's force wrapped: fault injection, with which tests (the
     * broker's included) stall or fail the disk. The wrapper's force runs on the flusher thread.
     */
    public MappedMessageStore(MessageStoreConfig config, HostAddress storeHost, DiskUsageSource diskUsage,
                       UnaryOperator<ForceAction> forceWrapper) {
        this.forceWrapper = forceWrapper;
        this.config = config;
        this.root = Path.of(config.storePathRootDir());
        this.diskUsage = diskUsage;
        this.sync = config.flushDiskType() == FlushDiskType.SYNC_FLUSH;
        File commitLogDirectory = config.commitLogDir().toFile();
        this.queues = new ConsumeQueueTable(root.resolve("consumequeue").toFile(), config.mapedFileSizeConsumeQueue());
        this.index = config.messageIndexEnable()
                ? new IndexService(root.resolve("index").toFile(), config.maxHashSlotNum(), config.maxIndexNum()) : null;
        // A roll leaves room for the files the dispatcher creates for the new messages (a consume-queue file
        // for a couple of queues, one index file); those are allocated for real too, so running short anyway
        // only delays dispatch, which retries: it never faults.
        long rollReserve = 2L * config.mapedFileSizeConsumeQueue() + (index == null ? 0 : index.fileBytes());
        this.commitLog = new CommitLog(new MappedFileQueue(commitLogDirectory, config.mappedFileSizeCommitLog(),
                config.commitLogFileSpace()),
                config.maxMessageSize(), storeHost.ip(), storeHost.port(),
                () -> diskUsage.usableBytes(commitLogDirectory), rollReserve);
        this.appends = new StoreAppends(commitLog, sync, () -> workers, () -> running);
    }

    @Override
    public synchronized void start() throws IOException {
        lock = DirectoryLock.acquire(root, LOCK_FILE, "store");
        try {
            recoverAndStart();
        } catch (IOException | RuntimeException | Error e) {
            releaseLock();
            throw e;
        }
    }

    private void recoverAndStart() throws IOException {
        commitLog.files().load();
        queues.load();
        if (index != null) {
            index.load();
        }
        StartPoint point = StartPoint.recover(root, CLEAN_MARKER, commitLog.files());
        startAt(point.end(), point.safe(), point.clean());
    }

    /** Starts the workers over a commit log that ends at {@code end}: see {@link StoreWorkers#startAt}. */
    private void startAt(long end, long safe, boolean clean) {
        workers = StoreWorkers.startAt(config, root, commitLog, queues, index, diskUsage,
                forceWrapper.apply(commitLog.files()::force), listeners, end, safe, clean);
        running = true;
    }

    @Override
    public synchronized void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        try {
            appends.writeBehind();
            boolean stopped = workers.stop();
            commitLog.shutdown();
            // A worker that did not stop in time was left as it was: its files may be half written.
            if (!stopped) {
                LOG.error("the store did not stop cleanly; leaving no clean marker so the next start checks the log");
                return;
            }
            try {
                Files.createFile(root.resolve(CLEAN_MARKER));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the clean-shutdown marker", e);
            }
        } finally {
            releaseLock();
        }
    }

    private void releaseLock() {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("cannot release the store lock {}: {}", lock.file(), e.toString());
        }
    }

    private long visibleOffset() {
        return workers.visibleOffset();
    }

    @Override
    public AppendStatus append(AppendRequest request) {
        return appends.append(request);
    }

    @Override
    public CompletableFuture<AppendStatus> appendAsync(AppendRequest request) {
        return appends.appendAsync(request);
    }

    @Override
    public CompletableFuture<AppendStatus> appendAsync(AppendRequest request, Executor writeBehindOn) {
        return appends.appendAsync(request, writeBehindOn);
    }

    @Override
    public boolean appendsInPlace() {
        return running && commitLog.roomInCurrentFile() >= 2L * config.maxMessageSize();
    }

    @Override
    public GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, int maxBytes,
                                       long[] tagCodes) {
        return workers.reader.getMessage(topic, queueId, offset, maxMsgNums, maxBytes, tagCodes);
    }

    @Override
    public ByteBuffer getMessageByOffset(long commitLogOffset) {
        return workers.reader.messageAt(commitLogOffset);
    }

    @Override
    public long minOffsetInQueue(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.minOffset();
    }

    @Override
    public long maxOffsetInQueue(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.maxOffset();
    }

    @Override
    public List<QueueEntry> queueEntries(String topic, int queueId, long from, int count) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? null : queue.entries(from, count);
    }

    @Override
    public long offsetInQueueByTime(String topic, int queueId, long timestamp) {
        return workers.reader.offsetByTime(topic, queueId, timestamp);
    }

    @Override
    public boolean isInPageCache(String topic, int queueId, long queueOffset) {
        return workers.reader.inPageCache(topic, queueId, queueOffset);
    }

    @Override
    public long messageStoreTime(String topic, int queueId, long queueOffset) {
        return workers.reader.storeTime(topic, queueId, queueOffset);
    }

    @Override
    public long earliestMessageTime(String topic, int queueId) {
        return workers.reader.storeTime(topic, queueId, minOffsetInQueue(topic, queueId));
    }

    @Override
    public long latestMessageTime(String topic, int queueId) {
        return workers.reader.storeTime(topic, queueId, maxOffsetInQueue(topic, queueId) - 1);
    }

    @Override
    public long earliestMessageTime() {
        return workers.reader.earliestStoreTime();
    }

    @Override
    public List<ByteBuffer> queryMessage(String topic, String key, int maxNum, long begin, long end) {
        return index == null ? List.of() : new KeyQuery(index, workers.reader::messageAt).find(topic, key, maxNum, begin, end);
    }

    @Override
    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    @Override
    public long commitLogMaxOffset() {
        return visibleOffset();
    }

    @Override
    public long appendReplicated(long offset, ByteBuffer records) {
        if (!running) {
            throw new IllegalStateException("the store is not running");
        }
        CommitLogFlusher flusher = workers.flusher;
        if (flusher.failed()) {
            throw new IllegalStateException("the store takes no writes after a failed flush");
        }
        long end = commitLog.appendReplicated(offset, records);
        if (!sync) {
            workers.dispatcher.wakeUp();
            return end;
        }
        flusher.wakeUp();
        // A slow disk only delays the slave's report; giving up would leave written bytes the master
        // would ship again. Only a failed force (or shutdown) ends the wait.
        AppendStatus forced = flusher.await(end);
        while (forced == AppendStatus.FLUSH_DISK_TIMEOUT && running && !flusher.failed()) {
            forced = flusher.await(end);
        }
        if (forced != AppendStatus.PUT_OK) {
            throw new IllegalStateException("replicated bytes up to " + end + " were not forced: " + forced);
        }
        return end;
    }

    @Override
    public void continueQueueOffsets() {
        if (!running) {
            throw new IllegalStateException("the store is not running");
        }
        CommitLogDispatcher dispatcher = workers.dispatcher;
        dispatcher.execute(() -> {
            dispatcher.dispatchUpTo(visibleOffset());
            for (ConsumeQueue queue : queues.all()) {
                commitLog.recoverQueueOffset(queue.topic(), queue.queueId(), queue.maxOffset());
            }
            return null;
        }).join();
    }

    /**
     * Stops the workers, cuts the commit log at {@code offset} (a record boundary) and starts them again as a
     * start-up would over that log: consume queues drop the entries at or past the cut, the checkpoint moves
     * back to it, and index entries past it stay as after any recovery, harmless because a key query reads
     * each candidate and keeps only a record of the asked topic and key. Appends are refused meanwhile
     * (SERVICE_NOT_AVAILABLE). A store whose workers do not stop in time is left stopped, as a shutdown
     * would leave it.
     */
    @Override
    public synchronized long truncateCommitLog(long offset) {
        if (!running) {
            throw new IllegalStateException("the store is not running");
        }
        if (offset >= commitLog.maxOffset()) {
            return commitLog.maxOffset();
        }
        if (offset < commitLog.minOffset()) {
            throw new IllegalArgumentException("cannot cut the commit log at " + offset + ": it begins at "
                    + commitLog.minOffset());
        }
        running = false;
        appends.writeBehind();
        if (!workers.stop()) {
            throw new IllegalStateException("the store's workers did not stop for the truncation; it stays stopped");
        }
        long was = commitLog.maxOffset();
        commitLog.truncateTo(offset);
        startAt(offset, offset, false);
        LOG.warn("cut the commit log from {} back to {} ({} bytes dropped)", was, offset, was - offset);
        return offset;
    }

    @Override
    public int copyCommitLog(long offset, int maxBytes, ByteBuffer into) {
        return CommitLogReads.copyRecords(commitLog, offset, visibleOffset(), maxBytes, into);
    }

    @Override
    public boolean isDiskFull() {
        StoreWorkers w = workers;
        return w != null && w.retention.diskFull();
    }

    @Override
    public synchronized void addDispatchListener(DispatchListener listener) {
        listeners.add(listener);
        if (workers != null) {
            workers.dispatcher.addListener(listener);
        }
    }

    @Override
    public synchronized void removeDispatchListener(DispatchListener listener) {
        listeners.remove(listener);
        if (workers != null) {
            workers.dispatcher.removeListener(listener);
        }
    }

    @Override
    public Set<String> queuedTopics() {
        return queues.topics();
    }

    @Override
    public CompletableFuture<Integer> deleteTopicQueues(Set<String> topics) {
        return running ? workers.removal.deleteTopics(topics) : notRunning();
    }

    @Override
    public CompletableFuture<Integer> deleteExpiredQueues() {
        return running ? workers.removal.deleteExpired() : notRunning();
    }

    private static CompletableFuture<Integer> notRunning() {
        return CompletableFuture.failedFuture(new IllegalStateException("the store is not running"));
    }

    /** Why the last commit-log roll was refused (kept until a roll succeeds), or null. */
    public Exception commitLogRollFailure() {
        return commitLog.rollFailure();
    }

    /** Runs one retention pass now (tests, admin commands). */
    public void runRetention(long now) {
        workers.retention.runOnce(now);
    }

    /** SYNC_FLUSH sends whose answer waits for a force now (at most {@code syncFlushMaxWaiters}). */
    public int syncFlushWaiting() {
        return workers.flusher.waiting();
    }

    /** Bytes written but not forced yet (a SYNC_FLUSH send is admitted while below {@code syncFlushMaxPendingBytes}). */
    public long unforcedBytes() {
        return commitLog.maxOffset() - workers.flusher.flushedOffset();
    }

    /** The commit log's flusher, whose force counts and times metrics export. */
    public CommitLogFlusher flusher() {
        return workers.flusher;
    }

    /** Bytes of the commit log written but not yet in consume queues and the index. */
    public long dispatchBehindBytes() {
        return Math.max(0, visibleOffset() - workers.dispatcher.dispatchedOffset());
    }

    /** The dispatcher thread, for tests that watch what it allocates. */
    Thread dispatcherThread() {
        return workers.dispatcher.thread();
    }

    /** The root directory, for tools. */
    public File rootDirectory() {
        return root.toFile();
    }
}
