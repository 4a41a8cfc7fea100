package io.apogee.store;

/**
 * Told by the dispatcher thread when a message reaches its consume queue (long polling wakes on this).
 *
 * <p>Thread safety: called on the dispatcher thread; implementations must not block.
 */
@FunctionalInterface
public interface DispatchListener {

    void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp);
}
