package io.apogee.store.queue;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.protocol.message.TagHash;
import io.apogee.store.DispatchListener;
import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.file.MappedFile;
import io.apogee.store.index.IndexService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Follows the commit log up to its visible offset (written under ASYNC_FLUSH, forced under SYNC_FLUSH) and
 * builds the consume queues and the key index from it, then tells listeners. Every
 * {@code flushIntervalConsumeQueue} ms it forces queues and index and hands the offset they are durable up to
 * to the checkpoint.
 *
 * <pre>
 * commit log ──► dispatchUpTo(visible) ──► consume queue entry ──► index keys ──► listeners (long polling)
 * </pre>
 *
 * <p>Thread safety: {@link #run()} on the dispatcher thread, or {@link #dispatchUpTo} during recovery before
 * that thread starts; {@link #wakeUp()} and {@link #dispatchedOffset()} from any thread.
 */
public final class CommitLogDispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogDispatcher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CommitLog commitLog;
    private final LongSupplier visibleOffset;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final long flushIntervalNanos;
    private final LongConsumer checkpoint;
    private final List<DispatchListener> listeners = new CopyOnWriteArrayList<>();
    private final StoredMessageView view = new StoredMessageView();
    private volatile long dispatchedOffset;
    private volatile boolean running = true;
    private volatile boolean sleeping;
    private volatile Thread thread;
    private long lastFlushNanos = System.nanoTime();
    private boolean reportedBadRecord;

    /**
     * @param index      null when key indexing is off
     * @param checkpoint receives the offset below which queues and index are forced
     */
    public CommitLogDispatcher(CommitLog commitLog, LongSupplier visibleOffset, ConsumeQueueTable queues,
                               IndexService index, int flushIntervalMillis, LongConsumer checkpoint, long startOffset) {
        this.commitLog = commitLog;
        this.visibleOffset = visibleOffset;
        this.queues = queues;
        this.index = index;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        this.checkpoint = checkpoint;
        this.dispatchedOffset = startOffset;
    }

    public void addListener(DispatchListener listener) {
        listeners.add(listener);
    }

    public long dispatchedOffset() {
        return dispatchedOffset;
    }

    public Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    @Override
    public void run() {
        while (running) {
            long visible = visibleOffset.getAsLong();
            if (dispatchedOffset < visible) {
                try {
                    dispatchUpTo(visible);
                } catch (RuntimeException e) {
                    // Most likely a consume-queue or index file could not be created; retry after a pause.
                    LOG.error("dispatch failed at commit-log offset {}; retrying", dispatchedOffset, e);
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                }
            } else {
                sleeping = true;
                if (visibleOffset.getAsLong() <= dispatchedOffset && running) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                sleeping = false;
            }
            if (System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
                flushAndCheckpoint();
            }
        }
    }

    /** Wakes the dispatcher if it sleeps; allocation-free. */
    public void wakeUp() {
        Thread t = thread;
        if (sleeping && t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Dispatches every record between the dispatched offset and {@code end}. */
    public void dispatchUpTo(long end) {
        long offset = dispatchedOffset;
        while (offset < end) {
            MappedFile file = commitLog.files().find(offset);
            if (file == null) {
                long min = commitLog.minOffset();
                if (offset < min) {
                    offset = min;
                    continue;
                }
                break;
            }
            int position = (int) (offset - file.fileFromOffset());
            if (position + StoredMessageLayout.BLANK_MIN_LENGTH > file.fileSize()) {
                offset = file.fileFromOffset() + file.fileSize();
                continue;
            }
            view.wrap(file.buffer(), position);
            int magic = view.magic();
            if (magic == StoredMessageLayout.MAGIC_BLANK) {
                offset = file.fileFromOffset() + file.fileSize();
                continue;
            }
            if (!StoredMessageLayout.isMessageMagic(magic)) {
                if (!reportedBadRecord) {
                    reportedBadRecord = true;
                    LOG.error("no record at visible commit-log offset {}; dispatch stops there", offset);
                }
                break;
            }
            dispatch(offset);
            offset += view.totalSize();
        }
        dispatchedOffset = offset;
    }

    private void dispatch(long offset) {
        String topic = view.topic();
        String properties = view.properties();
        int queueId = view.queueId();
        long queueOffset = view.queueOffset();
        long tagsCode = TagHash.tagsCode(MessageProperties.get(properties, MessageConst.PROPERTY_TAGS));
        long storeTimestamp = view.storeTimestamp();
        if (CommitLog.isQueued(view.sysFlag())) {
            queues.findOrCreate(topic, queueId).put(queueOffset, offset, view.totalSize(), tagsCode);
        }
        if (index != null) {
            index.index(topic, MessageProperties.get(properties, MessageConst.PROPERTY_KEYS),
                    MessageProperties.get(properties, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                    offset, storeTimestamp);
        }
        if (!CommitLog.isQueued(view.sysFlag())) {
            return;
        }
        for (DispatchListener listener : listeners) {
            try {
                listener.onDispatched(topic, queueId, queueOffset, tagsCode, storeTimestamp);
            } catch (RuntimeException e) {
                LOG.warn("dispatch listener failed", e);
            }
        }
    }

    /** Forces queues and index, then records how far they are durable. */
    public void flushAndCheckpoint() {
        lastFlushNanos = System.nanoTime();
        long durable = dispatchedOffset;
        try {
            queues.forceAll();
            if (index != null) {
                index.force();
            }
            checkpoint.accept(durable);
        } catch (RuntimeException e) {
            LOG.error("forcing consume queues or index failed; the checkpoint stays where it was", e);
        }
    }

    /** Stops the thread after dispatching what is visible, and forces a last checkpoint. */
    public void shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatchUpTo(visibleOffset.getAsLong());
        flushAndCheckpoint();
    }
}
