package io.apogee.store;

import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.flush.CommitLogFlusher;
import io.apogee.store.flush.ForceAction;
import io.apogee.store.index.IndexService;
import io.apogee.store.queue.CommitLogDispatcher;
import io.apogee.store.queue.ConsumeQueue;
import io.apogee.store.queue.ConsumeQueueRemoval;
import io.apogee.store.queue.ConsumeQueueTable;
import io.apogee.store.queue.QueueReader;
import io.apogee.store.recovery.Checkpoint;
import io.apogee.store.retention.RetentionService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The store's workers over one commit-log end: the flusher, the dispatcher, retention and consume-queue
 * removal threads, and the reader that sees what they made visible. A start-up and a truncation each make a new
 * set with {@link #startAt}, so a cut log gets its derived files exactly as recovery gives them, and
 * {@link #stop()} ends them together.
 *
 * <p>Thread safety: made and stopped under the store's lock; the parts are safe as their own classes say.
 */
final class StoreWorkers {

    final CommitLogFlusher flusher;
    final CommitLogDispatcher dispatcher;
    final QueueReader reader;
    final RetentionService retention;
    final ConsumeQueueRemoval removal;
    private final CommitLog commitLog;
    private final boolean sync;
    private final Path root;

    private StoreWorkers(MessageStoreConfig config, Path root, CommitLog commitLog, ConsumeQueueTable queues,
                         IndexService index, DiskUsageSource diskUsage, ForceAction force, long end, long safe) {
        this.commitLog = commitLog;
        this.root = root;
        this.sync = config.flushDiskType() == FlushDiskType.SYNC_FLUSH;
        this.flusher = new CommitLogFlusher(config.flushDiskType(), config.flushIntervalCommitLog(),
                config.syncFlushTimeout(), commitLog::maxOffset, force, end, config.syncFlushMaxWaiters(),
                config.syncFlushMaxPendingBytes());
        this.dispatcher = new CommitLogDispatcher(commitLog, this::visibleOffset, queues, index,
                config.flushIntervalConsumeQueue(), this::writeCheckpoint, Math.min(safe, end));
        this.reader = new QueueReader(commitLog, queues, this::visibleOffset, config.transferLimits());
        this.retention = new RetentionService(config, diskUsage, root.toFile(), commitLog.files(), queues, index,
                dispatcher::dispatchedOffset);
        this.removal = new ConsumeQueueRemoval(queues, dispatcher, commitLog::minOffset, retention::exclusively);
    }

    /**
     * Starts workers over a commit log that ends at {@code end}: consume queues drop entries at or past it, and
     * queues and index are rebuilt by dispatching from {@code safe}, before the threads start.
     */
    static StoreWorkers startAt(MessageStoreConfig config, Path root, CommitLog commitLog, ConsumeQueueTable queues,
                                IndexService index, DiskUsageSource diskUsage, ForceAction force,
                                List<DispatchListener> listeners, long end, long safe, boolean clean) {
        commitLog.recoverEnd(end);
        for (ConsumeQueue queue : queues.all()) {
            queue.recover(end, clean);
        }
        StoreWorkers workers = new StoreWorkers(config, root, commitLog, queues, index, diskUsage, force, end, safe);
        CommitLogDispatcher dispatcher = workers.dispatcher;
        dispatcher.dispatchUpTo(end);
        for (ConsumeQueue queue : queues.all()) {
            commitLog.recoverQueueOffset(queue.topic(), queue.queueId(), queue.maxOffset());
            queue.correctMinOffset(commitLog.minOffset());
        }
        dispatcher.flushAndCheckpoint();
        listeners.forEach(dispatcher::addListener);
        // Under SYNC_FLUSH readers see only forced bytes: each force that moves the flushed offset tells the
        // dispatcher once, instead of every acknowledged appender; a busy dispatcher takes them in rounds.
        workers.flusher.onFlushed(dispatcher::appended);
        workers.retention.runOnce(System.currentTimeMillis());
        workers.flusher.start();
        dispatcher.start();
        workers.retention.start();
        return workers;
    }

    /**
     * Stops the threads; false when one did not stop in time or the flusher had failed, and then what it was
     * writing was left as it was.
     */
    boolean stop() {
        boolean retained = retention.shutdown();
        boolean flushed = flusher.shutdown();
        boolean dispatched = dispatcher.shutdown();
        return !flusher.failed() && retained && flushed && dispatched;
    }

    /** What readers may see: under SYNC_FLUSH the forced bytes, else everything appended. */
    long visibleOffset() {
        return sync ? flusher.flushedOffset() : commitLog.maxOffset();
    }

    private void writeCheckpoint(long dispatched) {
        try {
            new Checkpoint(Math.min(dispatched, flusher.flushedOffset()), flusher.flushedOffset(),
                    System.currentTimeMillis()).write(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
