package io.apogee.broker.pull;

import io.apogee.store.DispatchListener;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Pulls that found nothing new, parked per queue until the store dispatches a message to that
 * queue or their suspend time runs out; either way they are handed back to be answered.
 *
 * <p>Thread safety: {@link #hold} runs on pull threads, {@link #onDispatched} on the store's
 * dispatcher thread (it only moves parked pulls to the resume callback, which must not block),
 * {@link #expire} on the broker's scheduler. Parked pulls sit in concurrent queues and each is
 * removed by exactly one of them.
 */
final class LongPollingHold implements DispatchListener {

    private final ConcurrentMap<String, ConcurrentMap<Integer, Queue<HeldPull>>> held = new ConcurrentHashMap<>();
    private final Consumer<HeldPull> resume;

    /** @param resume answers a pull taken out of the hold; called on the thread that took it out */
    LongPollingHold(Consumer<HeldPull> resume) {
        this.resume = resume;
    }

    void hold(HeldPull pull) {
        held.computeIfAbsent(pull.header().topic(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(pull.header().queueId(), q -> new ConcurrentLinkedQueue<>()).add(pull);
    }

    /** Takes {@code pull} back out if it is still parked; true when this call removed it. */
    boolean release(HeldPull pull) {
        Queue<HeldPull> queue = queue(pull.header().topic(), pull.header().queueId());
        return queue != null && queue.remove(pull);
    }

    @Override
    public void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp) {
        Queue<HeldPull> queue = queue(topic, queueId);
        if (queue == null) {
            return;
        }
        for (HeldPull pull; (pull = queue.poll()) != null; ) {
            resume.accept(pull);
        }
    }

    /** Hands back every pull whose deadline has passed. */
    void expire(long nowMillis) {
        for (ConcurrentMap<Integer, Queue<HeldPull>> queues : held.values()) {
            for (Queue<HeldPull> queue : queues.values()) {
                for (Iterator<HeldPull> it = queue.iterator(); it.hasNext(); ) {
                    HeldPull pull = it.next();
                    if (pull.deadlineMillis() <= nowMillis && queue.remove(pull)) {
                        resume.accept(pull);
                    }
                }
            }
        }
    }

    /** How many pulls are parked, for tests and metrics. */
    int size() {
        int size = 0;
        for (ConcurrentMap<Integer, Queue<HeldPull>> queues : held.values()) {
            for (Queue<HeldPull> queue : queues.values()) {
                size += queue.size();
            }
        }
        return size;
    }

    private Queue<HeldPull> queue(String topic, int queueId) {
        ConcurrentMap<Integer, Queue<HeldPull>> queues = held.get(topic);
        return queues == null ? null : queues.get(queueId);
    }
}
