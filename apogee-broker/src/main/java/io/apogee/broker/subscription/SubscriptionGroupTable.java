package io.apogee.broker.subscription;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.body.DataVersion;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.SubscriptionGroupWrapper;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer groups this broker knows, persisted as {@code subscriptionGroup.json} (the layout of
 * RocketMQ's file: {@code {"subscriptionGroupTable":{...},"dataVersion":{...}}}), replaced
 * atomically on every change.
 *
 * <p>Thread safety: reads ({@link #get}) are lock-free, since pulls look groups up; changes and
 * snapshots synchronize on the table, as they are rare.
 */
public final class SubscriptionGroupTable {

    private final Path file;
    private final ConcurrentHashMap<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    private DataVersion version = new DataVersion(0, System.currentTimeMillis(), 0);
    /** How a group created on first use is written: at once, until {@link #deferWritesTo} says otherwise. */
    private volatile Runnable persistSoon = this::persist;

    /** Loads {@code file} if it exists; {@code null} keeps the table in memory only. */
    public SubscriptionGroupTable(Path file) {
        this.file = file;
        byte[] stored = ConfigFile.readIfExists(file);
        if (stored != null) {
            JSONObject json = JSON.parseObject(stored);
            JSONObject table = json == null ? null : json.getJSONObject("subscriptionGroupTable");
            if (table != null) {
                table.forEach((name, config) -> groups.put(name, decode(JSONObject.from(config))));
            }
            DataVersion storedVersion = json == null ? null : json.getObject("dataVersion", DataVersion.class);
            if (storedVersion != null) {
                version = storedVersion;
            }
        }
    }

    /**
     * Reads a group configuration as the admin tool sends it; fields it leaves out take RocketMQ's
     * defaults rather than Java's zero values.
     */
    public static SubscriptionGroupConfig decode(JSONObject json) {
        String name = json.getString("groupName");
        JSONObject merged = JSONObject.from(SubscriptionGroupConfig.defaults(name));
        merged.putAll(json);
        return merged.to(SubscriptionGroupConfig.class);
    }

    /** The group's configuration, or {@code null}. */
    public SubscriptionGroupConfig get(String group) {
        return groups.get(group);
    }

    /**
     * Adds a group created on first use unless it exists; returns the configuration now in the table.
     * Written soon rather than at once, see {@link #deferWritesTo}.
     */
    public synchronized SubscriptionGroupConfig putIfAbsent(SubscriptionGroupConfig config) {
        SubscriptionGroupConfig existing = groups.putIfAbsent(config.groupName(), config);
        if (existing != null) {
            return existing;
        }
        version = version.next(System.currentTimeMillis());
        persistSoon.run();
        return config;
    }

    /** Writes groups created on first use through {@code writes}, coalesced, instead of one write each. */
    public void deferWritesTo(DeferredWrites writes) {
        persistSoon = writes.coalesced(this::persist);
    }

    /** Adds the groups that are missing, with one write. */
    public synchronized void putAllIfAbsent(List<SubscriptionGroupConfig> configs) {
        boolean added = false;
        for (SubscriptionGroupConfig config : configs) {
            added |= groups.putIfAbsent(config.groupName(), config) == null;
        }
        if (added) {
            changed();
        }
    }

    /** Adds or replaces a group. */
    public synchronized void put(SubscriptionGroupConfig config) {
        groups.put(config.groupName(), config);
        changed();
    }

    /** Removes a group; true when it existed. */
    public synchronized boolean remove(String group) {
        boolean removed = groups.remove(group) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    /** How many subscription groups there are, for metrics; any thread, without the lock. */
    public int size() {
        return groups.size();
    }

    /** Every group with the current data version. */
    public synchronized SubscriptionGroupWrapper snapshot() {
        Map<String, SubscriptionGroupConfig> copy = new HashMap<>(groups);
        return new SubscriptionGroupWrapper(copy, version);
    }

    private void changed() {
        version = version.next(System.currentTimeMillis());
        persist();
    }

    private synchronized void persist() {
        if (file != null) {
            ConfigFile.replace(file, JSON.toJSONBytes(new SubscriptionGroupWrapper(new HashMap<>(groups), version)));
        }
    }
}
