package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.util.Map;
import java.util.Set;

/**
 * Where a consumer keeps how far it has consumed each queue: on the broker for clustering groups,
 * in a local file for broadcasting ones. Offsets are kept in memory and written out by
 * {@link #persistAll} on the instance's schedule and at shutdown.
 *
 * <p>Thread safety: implementations are called from consume threads, the scheduler and the
 * rebalance thread at once, and must be thread-safe.
 */
public interface OffsetStore {

    /** Reads persisted offsets, if the store keeps them locally. */
    void load();

    /** Records an offset; with {@code increaseOnly} a smaller one than the current is ignored. */
    void updateOffset(MessageQueue queue, long offset, boolean increaseOnly);

    /** The offset, or -1 when none is known. */
    long readOffset(MessageQueue queue, ReadOffsetType type);

    /** Writes the offsets of these queues out. */
    void persistAll(Set<MessageQueue> queues);

    /** Writes one queue's offset out and waits for it, as before handing the queue to another member. */
    void persist(MessageQueue queue);

    void removeOffset(MessageQueue queue);

    /** A snapshot of the offsets in memory for one topic. */
    Map<MessageQueue, Long> cloneOffsetTable(String topic);
}
