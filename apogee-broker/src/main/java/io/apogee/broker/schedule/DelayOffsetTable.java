package io.apogee.broker.schedule;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.TypeReference;
import io.apogee.broker.subscription.ConfigFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far each delay level has been delivered: the next queue offset of {@code SCHEDULE_TOPIC_XXXX}
 * queue {@code level - 1} to deliver, persisted as {@code delayOffset.json} in RocketMQ's layout
 * ({@code {"offsetTable":{1:5,2:0}}}), replaced atomically.
 *
 * <p>Thread safety: owned by the schedule delivery thread; {@link #persist()} may also run on the
 * thread that shuts the broker down after that thread stopped.
 */
final class DelayOffsetTable {

    private final Path file;
    private final Map<Integer, Long> offsets = new TreeMap<>();
    private boolean dirty;

    /** Loads {@code file} if it exists; {@code null} keeps progress in memory only. */
    DelayOffsetTable(Path file) {
        this.file = file;
        byte[] stored = ConfigFile.readIfExists(file);
        JSONObject json = stored == null ? null : JSON.parseObject(stored);
        Map<Integer, Long> table = json == null ? null
                : json.getObject("offsetTable", new TypeReference<Map<Integer, Long>>() { });
        if (table != null) {
            offsets.putAll(table);
        }
    }

    long get(int level) {
        return offsets.getOrDefault(level, 0L);
    }

    void set(int level, long offset) {
        Long previous = offsets.put(level, offset);
        if (previous == null || previous != offset) {
            dirty = true;
        }
    }

    /** Whether the table changed since the last write. */
    boolean dirty() {
        return dirty;
    }

    /** Writes the table if it changed since the last write. */
    void persist() {
        if (!dirty || file == null) {
            return;
        }
        ConfigFile.replace(file, JSON.toJSONBytes(Map.of("offsetTable", new TreeMap<>(offsets))));
        dirty = false;
    }
}
