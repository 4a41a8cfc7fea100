package io.apogee.store.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The dispatcher's topic lookup by the UTF-8 topic bytes of a stored record, so that a message of a topic
 * seen before costs a hash over its bytes and one comparison, and no String. A first-seen topic (or queue
 * id) is decoded and its consume queue looked up in the {@link ConsumeQueueTable} once.
 *
 * <p>Open addressing with linear probing over a power-of-two table, grown at half load.
 *
 * <p>Thread safety: not thread safe; owned by the dispatching thread.
 */
final class DispatchTopics {

    /** Queue ids below this are cached per topic; larger ones (unusual) go to the table each time. */
    private static final int CACHED_QUEUE_IDS = 1024;

    /** One topic: its bytes, its decoded name and its consume queues by queue id. */
    static final class Topic {
        private final byte[] bytes;
        private final int bytesHash;
        final String name;
        private ConsumeQueue[] queues = new ConsumeQueue[8];

        private Topic(byte[] bytes, int bytesHash) {
            this.bytes = bytes;
            this.bytesHash = bytesHash;
            this.name = new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final ConsumeQueueTable table;
    private Topic[] slots = new Topic[64];
    private int size;

    DispatchTopics(ConsumeQueueTable table) {
        this.table = table;
    }

    /** The topic whose UTF-8 name is the {@code length} bytes at absolute {@code index}. */
    Topic topic(ByteBuffer buffer, int index, int length) {
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer.get(index + i);
        }
        int mask = slots.length - 1;
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
            Topic topic = slots[slot];
            if (topic == null) {
                return add(buffer, index, length, hash);
            }
            if (topic.bytesHash == hash && sameBytes(topic.bytes, buffer, index, length)) {
                return topic;
            }
        }
    }

    /** The consume queue of {@code topic} and {@code queueId}, created on first use. */
    ConsumeQueue queue(Topic topic, int queueId) {
        if (queueId < 0 || queueId >= CACHED_QUEUE_IDS) {
            return table.findOrCreate(topic.name, queueId);
        }
        ConsumeQueue[] queues = topic.queues;
        if (queueId < queues.length && queues[queueId] != null) {
            return queues[queueId];
        }
        ConsumeQueue queue = table.findOrCreate(topic.name, queueId);
        if (queueId >= queues.length) {
            topic.queues = queues = Arrays.copyOf(queues, Math.max(queueId + 1, queues.length * 2));
        }
        queues[queueId] = queue;
        return queue;
    }

    /** Forgets every topic, so that each is looked up in the table again: after queues were removed from it. */
    void clear() {
        slots = new Topic[64];
        size = 0;
    }

    private Topic add(ByteBuffer buffer, int index, int length, int hash) {
        byte[] bytes = new byte[length];
        buffer.get(index, bytes);
        Topic topic = new Topic(bytes, hash);
        if (++size * 2 > slots.length) {
            Topic[] old = slots;
            slots = new Topic[old.length * 2];
            for (Topic t : old) {
                if (t != null) {
                    insert(t);
                }
            }
        }
        insert(topic);
        return topic;
    }

    private void insert(Topic topic) {
        int mask = slots.length - 1;
        int slot = mix(topic.bytesHash) & mask;
        while (slots[slot] != null) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = topic;
    }

    private static int mix(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static boolean sameBytes(byte[] bytes, ByteBuffer buffer, int index, int length) {
        if (bytes.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[i] != buffer.get(index + i)) {
                return false;
            }
        }
        return true;
    }
}
