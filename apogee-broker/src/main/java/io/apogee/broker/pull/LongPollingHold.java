package io.apogee.broker.pull;

import io.apogee.store.DispatchListener;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Pulls that found nothing new, parked per queue until the store dispatches a message to that
 * queue or their suspend time runs out; either way they are handed back to be answered.
 *
 * <p>Bounded: at most {@code maxHeld} pulls are parked at once; {@link #hold} refuses one more, and the caller
 * answers it at once (SYSTEM_BUSY, which the official consumer retries after a pause), so a client that sends
 * pull after pull cannot park an unbounded number of requests.
 *
 * <p>Thread safety: {@link #hold} runs on pull threads, {@link #onDispatched} on the store's
 * dispatcher thread (it only moves parked pulls to the resume callback, which must not block),
 * {@link #expire} on the broker's scheduler. Parked pulls sit in concurrent queues and each is
 * removed by exactly one of them.
 */
final class LongPollingHold implements DispatchListener {

    private final ConcurrentMap<String, ConcurrentMap<Integer, Queue<HeldPull>>> held = new ConcurrentHashMap<>();
    private final Consumer<HeldPull> resume;
    private final int maxHeld;
    /** Parked pulls; kept apart because counting the queues walks them. */
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param resume  answers a pull taken out of the hold; called on the thread that took it out
     * @param maxHeld how many pulls may be parked at once
     */
    LongPollingHold(Consumer<HeldPull> resume, int maxHeld) {
        this.resume = resume;
        this.maxHeld = maxHeld;
    }

    /** Parks {@code pull}; false, parking nothing, when {@code maxHeld} pulls are parked already. */
    boolean hold(HeldPull pull) {
        if (count.incrementAndGet() > maxHeld) {
            count.decrementAndGet();
            return false;
        }
        held.computeIfAbsent(pull.header().topic(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(pull.header().queueId(), q -> new ConcurrentLinkedQueue<>()).add(pull);
        return true;
    }

    /** Takes {@code pull} back out if it is still parked; true when this call removed it. */
    boolean release(HeldPull pull) {
        Queue<HeldPull> queue = queue(pull.header().topic(), pull.header().queueId());
        return queue != null && removed(queue.remove(pull));
    }

    private boolean removed(boolean removed) {
        if (removed) {
            count.decrementAndGet();
        }
        return removed;
    }

    @Override
    public void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp) {
        Queue<HeldPull> queue = queue(topic, queueId);
        if (queue == null) {
            return;
        }
        for (HeldPull pull; (pull = queue.poll()) != null; ) {
            count.decrementAndGet();
            resume.accept(pull);
        }
    }

    @Override
    public boolean awaitsMessages() {
        return count.get() > 0;
    }

    /** Hands back every pull whose deadline has passed. */
    void expire(long nowMillis) {
        for (ConcurrentMap<Integer, Queue<HeldPull>> queues : held.values()) {
            for (Queue<HeldPull> queue : queues.values()) {
                for (Iterator<HeldPull> it = queue.iterator(); it.hasNext(); ) {
                    HeldPull pull = it.next();
                    if (pull.deadlineMillis() <= nowMillis && removed(queue.remove(pull))) {
                        resume.accept(pull);
                    }
                }
            }
        }
    }

    /** How many pulls are parked, for tests and metrics. */
    int size() {
        return count.get();
    }

    private Queue<HeldPull> queue(String topic, int queueId) {
        ConcurrentMap<Integer, Queue<HeldPull>> queues = held.get(topic);
        return queues == null ? null : queues.get(queueId);
    }
}
