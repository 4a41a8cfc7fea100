package io.apogee.namesrv.kv;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.TypeReference;
import io.apogee.common.file.DurableFile;
import io.apogee.protocol.ProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key-value configuration by namespace (admin tools keep ordered-topic layouts here, in namespace
 * {@value #ORDER_TOPIC_CONFIG}), persisted as {@code {"configTable":{namespace:{key:value}}}}.
 *
 * <p>Every change replaces the file through {@link DurableFile}, so a crash leaves either the old or
 * the new table, never half of one.
 *
 * <p>Thread safety: all methods synchronize on the store; changes are rare.
 */
public final class KvConfigStore {

    public static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final Path file;
    private final Map<String, Map<String, String>> table = new HashMap<>();

    /** Loads the table from {@code file} if it exists; {@code null} keeps it in memory only. */
    public KvConfigStore(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            load();
        }
    }

    public synchronized void put(String namespace, String key, String value) {
        table.computeIfAbsent(namespace, k -> new HashMap<>()).put(key, value);
        persist();
    }

    /** The value, or {@code null}. */
    public synchronized String get(String namespace, String key) {
        Map<String, String> entries = table.get(namespace);
        return entries == null ? null : entries.get(key);
    }

    public synchronized void delete(String namespace, String key) {
        Map<String, String> entries = table.get(namespace);
        if (entries != null && entries.remove(key) != null) {
            if (entries.isEmpty()) {
                table.remove(namespace);
            }
            persist();
        }
    }

    /** A copy of one namespace, empty when it has no entries. */
    public synchronized Map<String, String> namespace(String namespace) {
        return new TreeMap<>(table.getOrDefault(namespace, Map.of()));
    }

    private void load() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            JSONObject json = JSON.parseObject(new String(bytes, StandardCharsets.UTF_8));
            Map<String, Map<String, String>> stored = json == null ? null
                    : json.getObject("configTable", new TypeReference<Map<String, Map<String, String>>>() { });
            if (stored != null) {
                stored.forEach((ns, entries) -> table.put(ns, new HashMap<>(entries)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KV config " + file, e);
        } catch (RuntimeException e) {
            throw new ProtocolException("KV config " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private void persist() {
        if (file == null) {
            return;
        }
        byte[] bytes = JSON.toJSONBytes(Map.of("configTable", table));
        try {
            DurableFile.replace(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write KV config " + file, e);
        }
    }
}
