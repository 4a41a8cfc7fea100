package io.apogee.store.queue;

import io.apogee.common.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Removes whole consume queues: every queue of a deleted topic, and the files of queues whose every message
 * retention already took from the commit log (RocketMQ's "clean expired consume queue").
 *
 * <p>Why it is safe while the broker serves: the removal runs on the dispatcher thread
 * ({@link CommitLogDispatcher#execute}), the only writer of entries and queue files, so no entry is written
 * into a file being deleted; it runs while retention is held off, so no retention run trims a queue being
 * removed; and a reader that holds a queue file keeps it mapped until it releases it, reading the old
 * entries. A queue whose files were deleted for expiry keeps its offsets, so a consumer's committed offset
 * stays valid and the next message continues the numbering.
 *
 * <p>Thread safety: any thread; the work is done on the dispatcher thread.
 */
public final class ConsumeQueueRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueRemoval.class);

    private final ConsumeQueueTable queues;
    private final CommitLogDispatcher dispatcher;
    private final LongSupplier commitLogMinOffset;
    private final Function<Supplier<Integer>, Integer> retentionHeldOff;

    /**
     * @param retentionHeldOff runs its argument while no retention run is in progress
     */
    public ConsumeQueueRemoval(ConsumeQueueTable queues, CommitLogDispatcher dispatcher, LongSupplier commitLogMinOffset,
                               Function<Supplier<Integer>, Integer> retentionHeldOff) {
        this.queues = queues;
        this.dispatcher = dispatcher;
        this.commitLogMinOffset = commitLogMinOffset;
        this.retentionHeldOff = retentionHeldOff;
    }

    /** Deletes every consume queue of {@code topics}; completes with the number of queues deleted. */
    public CompletableFuture<Integer> deleteTopics(Set<String> topics) {
        return dispatcher.execute(() -> retentionHeldOff.apply(() -> {
            int deleted = 0;
            for (String topic : topics) {
                Collection<ConsumeQueue> removed = queues.remove(topic);
                removed.forEach(ConsumeQueue::destroy);
                if (!removed.isEmpty()) {
                    LOG.info("deleted the {} consume queues of topic {}", removed.size(), LogText.escape(topic));
                }
                deleted += removed.size();
            }
            return deleted;
        }));
    }

    /**
     * Deletes the files of every queue whose messages are all below the commit log's first offset; completes
     * with the number of queues whose files were deleted.
     */
    public CompletableFuture<Integer> deleteExpired() {
        return dispatcher.execute(() -> retentionHeldOff.apply(() -> {
            long min = commitLogMinOffset.getAsLong();
            int deleted = 0;
            for (ConsumeQueue queue : queues.all()) {
                if (queue.expiredBelow(min)) {
                    queue.deleteFiles();
                    deleted++;
                    LOG.info("deleted the files of consume queue {}/{}: its messages are all below commit-log "
                            + "offset {}, kept queue offset {}", LogText.escape(queue.topic()), queue.queueId(), min,
                            queue.maxOffset());
                }
            }
            return deleted;
        }));
    }
}
