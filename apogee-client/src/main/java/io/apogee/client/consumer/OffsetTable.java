package io.apogee.client.consumer;

import io.apogee.protocol.body.MessageQueue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory side of an {@link OffsetStore}: the offset consumed so far in each queue. The
 * stores differ only in where they write these offsets out and read them back.
 *
 * <p>Thread safety: a concurrent map of atomic offsets; any thread.
 */
final class OffsetTable {

    private final ConcurrentHashMap<MessageQueue, AtomicLong> offsets = new ConcurrentHashMap<>();

    /** Records an offset; with {@code increaseOnly} a smaller one than the current is ignored. */
    void update(MessageQueue queue, long offset, boolean increaseOnly) {
        AtomicLong current = offsets.computeIfAbsent(queue, q -> new AtomicLong(offset));
        if (increaseOnly) {
            current.accumulateAndGet(offset, Math::max);
        } else {
            current.set(offset);
        }
    }

    /** Records an offset read back from storage unless one is known in memory already. */
    void putIfAbsent(MessageQueue queue, long offset) {
        offsets.putIfAbsent(queue, new AtomicLong(offset));
    }

    /** The live offset of a queue, or null when none is known. */
    AtomicLong find(MessageQueue queue) {
        return offsets.get(queue);
    }

    void remove(MessageQueue queue) {
        offsets.remove(queue);
    }

    /** A copy of the offsets of one topic, or of every topic when {@code topic} is null. */
    Map<MessageQueue, Long> snapshot(String topic) {
        Map<MessageQueue, Long> copy = new HashMap<>();
        offsets.forEach((q, o) -> {
            if (topic == null || q.topic().equals(topic)) {
                copy.put(q, o.get());
            }
        });
        return copy;
    }
}
