package io.apogee.broker.offset;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.TypeReference;
import io.apogee.broker.subscription.ConfigFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The committed offset of every (consumer group, topic, queue): the next offset the group will
 * consume. Kept in memory, written to {@code consumerOffset.json} by {@link #persist()} (the broker
 * calls it periodically and at shutdown) as {@code {"offsetTable":{"topic@group":{queueId:offset}}}},
 * the layout RocketMQ uses, and read back at start.
 *
 * <p>Thread safety: commits and queries come from many request threads at once; the table is a
 * concurrent map of concurrent maps, and {@link #persist()} writes a consistent-enough snapshot
 * (each queue's offset is read atomically; offsets only matter as "at least this far").
 */
public final class ConsumerOffsetTable {

    private final Path file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> offsets = new ConcurrentHashMap<>();

    /** Loads {@code file} if it exists; {@code null} keeps offsets in memory only. */
    public ConsumerOffsetTable(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            load();
        }
    }

    /** Records that {@code group} will next consume {@code offset} of the queue. */
    public void commit(String group, String topic, int queueId, long offset) {
        offsets.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
    }

    /** The committed offset, or -1 when the group never committed one for this queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(key(topic, group));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? -1 : offset;
    }

    /** The topics {@code group} has committed offsets for. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        String suffix = "@" + group;
        offsets.keySet().forEach(key -> {
            if (key.endsWith(suffix)) {
                topics.add(key.substring(0, key.length() - suffix.length()));
            }
        });
        return topics;
    }

    /** The groups that have committed offsets in {@code topic} (a topic name holds no '@'). */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        String prefix = topic + "@";
        offsets.keySet().forEach(key -> {
            if (key.startsWith(prefix)) {
                groups.add(key.substring(prefix.length()));
            }
        });
        return groups;
    }

    /** Forgets every offset {@code group} committed (its subscription group was deleted with its offsets). */
    public void removeGroup(String group) {
        String suffix = "@" + group;
        offsets.keySet().removeIf(key -> key.endsWith(suffix));
    }

    /** Forgets every offset committed in {@code topic} (the topic was deleted). */
    public void removeTopic(String topic) {
        String prefix = topic + "@";
        offsets.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** Writes the table to its file, replacing the previous one in one step. */
    public synchronized void persist() {
        if (file == null) {
            return;
        }
        ConfigFile.replace(file, JSON.toJSONBytes(Map.of("offsetTable", snapshot())));
    }

    /** A copy of every committed offset, keyed {@code topic@group}, then by queue id. */
    public Map<String, Map<Integer, Long>> snapshot() {
        Map<String, Map<Integer, Long>> snapshot = new HashMap<>();
        offsets.forEach((key, queues) -> snapshot.put(key, new HashMap<>(queues)));
        return snapshot;
    }

    /** A copy of {@code group}'s committed offsets in {@code topic}, by queue id; empty when it has none. */
    public Map<Integer, Long> offsetsOf(String group, String topic) {
        Map<Integer, Long> queues = offsets.get(key(topic, group));
        return queues == null ? Map.of() : new HashMap<>(queues);
    }

    private void load() {
        try {
            JSONObject json = JSON.parseObject(Files.readString(file));
            Map<String, Map<Integer, Long>> stored = json == null ? null
                    : json.getObject("offsetTable", new TypeReference<Map<String, Map<Integer, Long>>>() { });
            if (stored != null) {
                stored.forEach((key, queues) -> offsets.put(key, new ConcurrentHashMap<>(queues)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read consumer offsets " + file, e);
        }
    }

    private static String key(String topic, String group) {
        return topic + "@" + group;
    }
}
