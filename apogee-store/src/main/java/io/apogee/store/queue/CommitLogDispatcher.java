package io.apogee.store.queue;

import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.protocol.message.TagHash;
import io.apogee.store.DispatchListener;
import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.file.MappedFile;
import io.apogee.store.index.IndexService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>Per message it allocates nothing once the topic and queue were seen: the consume queue is found by the
 * record's topic bytes ({@link DispatchTopics}), and the tags code and index-key hashes are computed from the
 * property bytes ({@link DispatchProperties}, {@link Utf8Hash}) to the values the String-based readers compute.
 *
 * <p>Thread safety: {@link #run()} on the dispatcher thread, or {@link #dispatchUpTo} during recovery before
 * that thread starts; {@link #wakeUp()} and {@link #dispatchedOffset()} from any thread.
 */
public final class CommitLogDispatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogDispatcher.class);
    /** A dispatch that keeps failing retries every 100 ms; its log says so once per interval. */
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 10_000);
    /**
     * The longest idle sleep. Every write wakes the dispatcher ({@link #wakeUp()}), so this only bounds how
     * late a missed wake-up could be noticed; the queue flush deadline usually ends the sleep first.
     */
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final byte KEY_SEPARATOR = (byte) MessageConst.KEY_SEPARATOR.charAt(0);

    private final CommitLog commitLog;
    private final LongSupplier visibleOffset;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final long flushIntervalNanos;
    private final LongConsumer checkpoint;
    private final DispatchTopics topics;
    private final DispatchProperties properties = new DispatchProperties();
    private final StoredMessageView view = new StoredMessageView();
    /** Copy-on-write, read as a plain array so that telling listeners allocates no iterator. */
    private volatile DispatchListener[] listeners = new DispatchListener[0];
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
        this.topics = new DispatchTopics(queues);
        this.index = index;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        this.checkpoint = checkpoint;
        this.dispatchedOffset = startOffset;
    }

    public synchronized void addListener(DispatchListener listener) {
        DispatchListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        listeners = grown;
    }

    /** The dispatcher thread once started, else null. */
    public Thread thread() {
        return thread;
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
                    FAILURES.error("dispatch failed at commit-log offset {}; retrying", dispatchedOffset, e);
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                }
            } else {
                sleeping = true;
                if (visibleOffset.getAsLong() <= dispatchedOffset && running) {
                    long untilFlush = lastFlushNanos + flushIntervalNanos - System.nanoTime();
                    LockSupport.parkNanos(this, Math.max(1, Math.min(untilFlush, MAX_IDLE_PARK_NANOS)));
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

    /**
     * Writes the consume-queue entry and index entries of the record in {@link #view} and tells listeners.
     * Allocation-free for topics and queues seen before: topic, tags and keys are read as bytes.
     */
    private void dispatch(long offset) {
        ByteBuffer buffer = view.buffer();
        int sysFlag = view.sysFlag();
        int queueId = view.queueId();
        long queueOffset = view.queueOffset();
        long storeTimestamp = view.storeTimestamp();
        boolean queued = CommitLog.isQueued(sysFlag);
        DispatchTopics.Topic topic = topics.topic(buffer, view.topicIndex(), view.topicLength());
        properties.scan(buffer, view.propertiesIndex(), view.propertiesLength());
        long tagsCode = tagsCode(buffer);
        if (queued) {
            topics.queue(topic, queueId).put(queueOffset, offset, view.totalSize(), tagsCode);
        }
        if (index != null) {
            indexKeys(topic.name, buffer, offset, storeTimestamp);
        }
        if (!queued) {
            return;
        }
        for (DispatchListener listener : listeners) {
            try {
                listener.onDispatched(topic.name, queueId, queueOffset, tagsCode, storeTimestamp);
            } catch (RuntimeException e) {
                LOG.warn("dispatch listener failed", e);
            }
        }
    }

    /** {@link TagHash#tagsCode} of the TAGS value found by {@link #properties}, computed from its bytes. */
    private long tagsCode(ByteBuffer buffer) {
        int length = properties.tagsLength();
        if (length <= 0) {
            return 0L;
        }
        long hash = Utf8Hash.hash(0, buffer, properties.tagsIndex(), length);
        return hash != Utf8Hash.MALFORMED ? hash : TagHash.tagsCode(decode(buffer, properties.tagsIndex(), length));
    }

    /** Indexes the UNIQ_KEY and every KEYS entry (separated by spaces) under the hash of {@code topic#key}. */
    private void indexKeys(String topic, ByteBuffer buffer, long offset, long storeTimestamp) {
        int prefixHash = IndexService.keyPrefixHash(topic);
        if (properties.uniqLength() > 0) {
            indexKey(topic, prefixHash, buffer, properties.uniqIndex(), properties.uniqLength(), offset, storeTimestamp);
        }
        if (properties.keysLength() <= 0) {
            return;
        }
        int start = properties.keysIndex();
        int end = start + properties.keysLength();
        while (start < end) {
            int keyEnd = start;
            while (keyEnd < end && buffer.get(keyEnd) != KEY_SEPARATOR) {
                keyEnd++;
            }
            if (keyEnd > start) {
                indexKey(topic, prefixHash, buffer, start, keyEnd - start, offset, storeTimestamp);
            }
            start = keyEnd + 1;
        }
    }

    private void indexKey(String topic, int prefixHash, ByteBuffer buffer, int at, int length, long offset,
                          long storeTimestamp) {
        long hash = Utf8Hash.hash(prefixHash, buffer, at, length);
        int keyHash = hash != Utf8Hash.MALFORMED ? (int) hash
                : IndexService.indexKey(topic, decode(buffer, at, length)).hashCode();
        index.put(keyHash, offset, storeTimestamp);
    }

    /** Decodes bytes that are not well-formed UTF-8 as a String would (rare, so it may allocate). */
    private static String decode(ByteBuffer buffer, int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
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

    /**
     * Stops the thread, then dispatches what is visible and forces a last checkpoint. Returns false, and
     * touches nothing, when the thread did not stop within 10 s: dispatching on this thread as well would
     * make two writers of the consume queues, so the state is left for the next start to recover.
     */
    public boolean shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.error("the dispatcher did not stop within 10 s; leaving consume queues as they are, the next "
                        + "start recovers them");
                return false;
            }
        }
        dispatchUpTo(visibleOffset.getAsLong());
        flushAndCheckpoint();
        return true;
    }
}
