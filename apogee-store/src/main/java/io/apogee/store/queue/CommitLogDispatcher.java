package io.apogee.store.queue;

import io.apogee.common.agent.Agent;
import io.apogee.common.agent.AgentRunner;
import io.apogee.common.agent.ParkingIdleStrategy;
import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.protocol.message.TagHash;
import io.apogee.store.DispatchListener;
import io.apogee.store.QueueEntry;
import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.file.MappedFile;
import io.apogee.store.index.IndexService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Follows the commit log up to its visible offset (written under ASYNC_FLUSH, forced under SYNC_FLUSH) and
 * builds the consume queues and the key index from it, then tells listeners. A {@link QueueForcer} on its own
 * thread forces queues and index every {@code flushIntervalConsumeQueue} ms and hands the offset they are
 * durable up to to the checkpoint.
 *
 * <pre>
 * commit log ──► dispatchUpTo(visible) ──► consume queue entry ──► index keys ──► listeners (long polling)
 * </pre>
 *
 * <p>Per message it allocates nothing once the topic and queue were seen: the consume queue is found by the
 * record's topic bytes ({@link DispatchTopics}), and the tags code and index-key hashes are computed from the
 * property bytes ({@link DispatchProperties}, {@link Utf8Hash}) to the values the String-based readers compute.
 *
 * <p>A pass that fails (a consume-queue or index file that cannot be created, or a page of one that cannot get
 * its disk block on a full disk) is retried by the
 * {@link AgentRunner}, which counts the failures and logs them once per interval; the records of the pass
 * dispatched before the failure stay dispatched. A fault in a mapped file (SIGBUS) is not retried: it stops
 * the commit log from acknowledging anything more ({@link CommitLog#fault}) and the dispatcher idles.
 *
 * <p>Work that removes queues ({@link #execute}) runs on the dispatcher thread between passes, since this
 * thread is the only writer of queue entries and files.
 *
 * <p>Wake-ups: after an append ({@link #appended()}) an idle dispatcher is woken at once, but one that dispatched
 * within the last {@value #ACTIVE_MILLIS} ms naps {@value #NAP_MICROS} µs between rounds and is not woken, so under
 * load it dispatches a round of appends per nap instead of being woken once per append (each such wake-up took
 * the CPU from the thread that appended). A listener that {@linkplain DispatchListener#awaitsMessages() waits} for the
 * next message, a held pull, has each append dispatched at once as before.
 *
 * <p>Thread safety: {@link #doWork()} and the other {@link Agent} methods on the dispatcher thread, or
 * {@link #dispatchUpTo} and {@link #flushAndCheckpoint()} during recovery before that thread starts;
 * {@link #wakeUp()}, {@link #appended()}, {@link #execute} and {@link #dispatchedOffset()} from any thread.
 */
public final class CommitLogDispatcher implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogDispatcher.class);
    /** A failing listener would otherwise log once per message. */
    private static final RateLimitedLog LISTENER_FAILURES = new RateLimitedLog(LOG, 10_000);
    /** How long a close waits for a pass in progress (a stuck queue-file write) before leaving the state alone. */
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
    /**
     * The longest idle sleep. Every write wakes the dispatcher ({@link #wakeUp()}), so this only bounds how
     * late a missed wake-up could be noticed.
     */
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long after a pass that dispatched something the dispatcher still counts as busy: see the class notes. */
    private static final long ACTIVE_MILLIS = 10;
    private static final long ACTIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(ACTIVE_MILLIS);
    /** A busy dispatcher's sleep between rounds, the longest an append waits for its dispatch then. */
    private static final long NAP_MICROS = 1_000;
    private static final long NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(NAP_MICROS);

    private final CommitLog commitLog;
    private final LongSupplier visibleOffset;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    /** Null when key indexing is off. */
    private final KeyIndexer keys;
    private final QueueForcer forcer;
    private final DispatchTopics topics;
    private final DispatchProperties properties = new DispatchProperties();
    private final StoredMessageView view = new StoredMessageView();
    /** Copy-on-write, read as a plain array so that telling listeners allocates no iterator. */
    private volatile DispatchListener[] listeners = new DispatchListener[0];
    private volatile long dispatchedOffset;
    private final DispatcherTasks tasks = new DispatcherTasks();
    /** The offset where the last pass stopped without progress (a record not there yet): not retried at once. */
    private long stalledAt = -1;
    /** When a pass last dispatched something; dispatcher thread only. */
    private long lastDispatchNanos = System.nanoTime() - ACTIVE_NANOS;
    /** True while the dispatcher naps between rounds: appends then need not wake it. */
    private volatile boolean napping;
    private boolean reportedBadRecord;
    private final AgentRunner runner = new AgentRunner(this, new ParkingIdleStrategy(this::idleNanos));

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
        this.keys = index == null ? null : new KeyIndexer(index);
        this.forcer = new QueueForcer(queues, index, this::dispatchedOffset, checkpoint, commitLog::faulted,
                flushIntervalMillis);
        this.dispatchedOffset = startOffset;
    }

    public synchronized void addListener(DispatchListener listener) {
        DispatchListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        listeners = grown;
    }

    public synchronized void removeListener(DispatchListener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(DispatchListener[]::new);
    }

    /** The dispatcher thread once started, else null. */
    public Thread thread() {
        return runner.thread();
    }

    public long dispatchedOffset() {
        return dispatchedOffset;
    }

    /** Starts the dispatcher thread and the thread that forces queues and index. */
    public Thread start() {
        forcer.start();
        return runner.start();
    }

    @Override
    public String roleName() {
        return "apogee-store-dispatcher";
    }

    /** One pass: runs waiting tasks and dispatches what became visible. */
    @Override
    public int doWork() {
        if (commitLog.faulted()) {
            tasks.failAll("the store stopped after a fault in a mapped file");
            return 0; // nothing written after a fault can be trusted; the store waits for a restart
        }
        return runTasks() + dispatch();
    }

    /**
     * A SIGBUS in a mapped consume-queue or index file (truncated underneath; pages get their blocks first),
     * raised in the pass or after it: stop acknowledging writes whose messages could not be found, and say why,
     * once. Other errors are the runner's to retry.
     */
    @Override
    public void onError(Throwable e) {
        if (e instanceof InternalError) {
            commitLog.fault(e, "consume-queue or index");
        }
    }

    private int dispatch() {
        long visible = visibleOffset.getAsLong();
        long before = dispatchedOffset;
        if (before >= visible) {
            return 0;
        }
        stalledAt = before;
        dispatchUpTo(visible);
        if (dispatchedOffset == before) {
            return 0;
        }
        stalledAt = -1;
        lastDispatchNanos = System.nanoTime();
        return 1;
    }

    /**
     * How long the dispatcher may sleep now: a nap when it dispatched lately (records waiting or not, unless a
     * listener waits for them); otherwise not at all while records wait (unless the last pass could not move
     * past them), else {@link #MAX_IDLE_PARK_NANOS}. {@link #napping} is written before the visible offset is
     * read, and an append writes that offset before it reads the flag, so an append either is seen here or wakes
     * the sleep that follows.
     */
    private long idleNanos() {
        long now = System.nanoTime();
        boolean nap = now - lastDispatchNanos < ACTIVE_NANOS;
        napping = nap;
        if (!tasks.isEmpty()) {
            return 0;
        }
        long dispatched = dispatchedOffset;
        boolean recordsWait = visibleOffset.getAsLong() > dispatched && dispatched != stalledAt;
        if (recordsWait && (!nap || listenerWaits())) {
            return 0;
        }
        return nap ? NAP_NANOS : MAX_IDLE_PARK_NANOS;
    }

    private boolean listenerWaits() {
        for (DispatchListener listener : listeners) {
            if (listener.awaitsMessages()) {
                return true;
            }
        }
        return false;
    }

    /** The last dispatch and checkpoint, on the dispatcher thread, when it stops in time. */
    @Override
    public void onClose() {
        runTasks();
        dispatchUpTo(visibleOffset.getAsLong());
        forcer.forceAndCheckpoint();
    }

    /**
     * Runs {@code task} on the dispatcher thread between two passes, so that no queue entry is written while
     * it runs; afterwards the dispatcher looks every topic's queues up in the table again (the task may have
     * removed some) and writes a checkpoint (so that a restart does not dispatch again into removed queues
     * what was dispatched before). The future fails when the dispatcher is not running.
     */
    public <T> CompletableFuture<T> execute(Supplier<T> task) {
        CompletableFuture<T> result = tasks.add(task);
        if (runner.thread() == null || !runner.running()) {
            tasks.failAll("the store is not running");
        }
        wakeUp();
        return result;
    }

    private int runTasks() {
        int ran = tasks.runAll();
        if (ran > 0) {
            topics.clear();
            forcer.forceAndCheckpoint();
        }
        return ran;
    }

    /** Wakes the dispatcher if it sleeps; allocation-free. */
    public void wakeUp() {
        runner.wake();
    }

    /**
     * Told when readers may see more of the log (after each append under ASYNC_FLUSH, after each force under
     * SYNC_FLUSH): wakes the dispatcher unless it naps between rounds and no listener waits (see the class
     * notes). Allocation-free.
     */
    public void appended() {
        if (!napping || listenerWaits()) {
            runner.wake();
        }
    }

    /**
     * Dispatches every record between the dispatched offset and {@code end}. When a record fails (its queue
     * file cannot be created) the ones before it stay dispatched, and the failure propagates.
     */
    public void dispatchUpTo(long end) {
        long offset = dispatchedOffset;
        try {
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
        } finally {
            dispatchedOffset = offset;
        }
    }

    /**
     * Writes the consume-queue entry and index entries of the record in {@link #view} and tells listeners; an
     * inner batch gets one entry per message of its body, all with {@link QueueEntry#TAGS_INSIDE}.
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
        boolean innerBatch = InnerBatch.isInnerBatch(sysFlag);
        long tagsCode = innerBatch ? QueueEntry.TAGS_INSIDE : tagsCode(buffer);
        // A body that is not a batch takes one offset (the commit log refuses such appends).
        int entries = Math.max(1, InnerBatch.queueOffsets(sysFlag, buffer, view.bodyIndex(),
                view.bodyIndex() + view.bodyLength()));
        if (queued) {
            topics.queue(topic, queueId).put(queueOffset, entries, offset, view.totalSize(), tagsCode);
        }
        if (keys != null) {
            keys.index(topic.name, properties, buffer, offset, storeTimestamp);
        }
        if (!queued) {
            return;
        }
        for (DispatchListener listener : listeners) {
            try {
                listener.onDispatched(topic.name, queueId, queueOffset + entries - 1, tagsCode, storeTimestamp);
            } catch (RuntimeException e) {
                LISTENER_FAILURES.warn("a dispatch listener failed on topic {}", LogText.escape(topic.name), e);
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
        return hash != Utf8Hash.MALFORMED ? hash
                : TagHash.tagsCode(KeyIndexer.decode(buffer, properties.tagsIndex(), length));
    }

    /**
     * Forces queues and index, then records how far they are durable; a failure is logged and the checkpoint
     * stays where it was. For recovery, before the dispatcher thread starts.
     */
    public void flushAndCheckpoint() {
        try {
            forcer.forceAndCheckpoint();
        } catch (RuntimeException e) {
            LOG.error("forcing consume queues or index failed; the checkpoint stays where it was", e);
        }
    }

    /**
     * Stops the dispatcher thread, which dispatches what is visible and forces a last checkpoint before it
     * ends, then the forcer's thread. Returns false when either did not end within 10 s or that last checkpoint
     * failed: the state is then left for the next start to recover (dispatching here as well would make two
     * writers of the queues).
     */
    public boolean shutdown() {
        boolean closed = runner.close(CLOSE_TIMEOUT_MILLIS);
        return forcer.shutdown(CLOSE_TIMEOUT_MILLIS) && closed;
    }
}
