package io.apogee.store.queue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All consume queues, by topic and queue id, under {@code consumequeue/<topic>/<queueId>/}.
 *
 * <p>Thread safety: lookups from any thread; queues are created and removed by the dispatcher thread or
 * recovery.
 */
public final class ConsumeQueueTable {

    private final File root;
    private final int fileSize;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    public ConsumeQueueTable(File root, int fileSize) {
        this.root = root;
        this.fileSize = fileSize;
    }

    /** Maps every queue found on disk. */
    public void load() throws IOException {
        File[] topics = root.listFiles(File::isDirectory);
        if (topics == null) {
            return;
        }
        for (File topicDir : topics) {
            File[] ids = topicDir.listFiles(f -> f.isDirectory() && f.getName().matches("\\d+"));
            for (File idDir : ids == null ? new File[0] : ids) {
                ConsumeQueue queue = new ConsumeQueue(topicDir.getName(), Integer.parseInt(idDir.getName()), idDir, fileSize);
                queue.load();
                queues.computeIfAbsent(topicDir.getName(), t -> new ConcurrentHashMap<>()).put(queue.queueId(), queue);
            }
        }
    }

    /** The queue, or null. */
    public ConsumeQueue find(String topic, int queueId) {
        ConcurrentHashMap<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? null : byId.get(queueId);
    }

    public ConsumeQueue findOrCreate(String topic, int queueId) {
        ConsumeQueue queue = find(topic, queueId);
        if (queue != null) {
            return queue;
        }
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(queueId,
                id -> new ConsumeQueue(topic, id, new File(new File(root, topic), Integer.toString(id)), fileSize));
    }

    /** Takes the topic's queues out of the table and returns them (empty when it has none). */
    public Collection<ConsumeQueue> remove(String topic) {
        Map<Integer, ConsumeQueue> byId = queues.remove(topic);
        return byId == null ? List.of() : byId.values();
    }

    /** The topics that have consume queues. */
    public Set<String> topics() {
        return Set.copyOf(queues.keySet());
    }

    public List<ConsumeQueue> all() {
        List<ConsumeQueue> all = new ArrayList<>();
        queues.values().forEach(byId -> all.addAll(byId.values()));
        return all;
    }

    public void forceAll() {
        for (ConcurrentHashMap<Integer, ConsumeQueue> byId : queues.values()) {
            byId.values().forEach(ConsumeQueue::force);
        }
    }
}
