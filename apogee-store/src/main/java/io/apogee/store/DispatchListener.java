package io.apogee.store;

/**
 * Told by the dispatcher thread when a message reaches its consume queue (long polling wakes on this).
 *
 * <p>Thread safety: called on the dispatcher thread; implementations must not block.
 */
@FunctionalInterface
public interface DispatchListener {

    void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp);

    /**
     * Whether something waits for the next message now (a held pull): appends are then dispatched at once
     * rather than in the dispatcher's next round, up to a millisecond later. Asked after appends, on the
     * appending thread: must be cheap and must not block.
     */
    default boolean awaitsMessages() {
        return false;
    }
}
