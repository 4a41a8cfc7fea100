package io.apogee.broker.admin;

import io.apogee.broker.BrokerConfig;
import io.apogee.protocol.body.DataVersion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The broker's settings as admin tools see them: every key's current value (GET_BROKER_CONFIG), and the
 * keys an admin may change while the broker runs (UPDATE_BROKER_CONFIG), each with what applies a new
 * value to the part that reads it. Every other key is read once at start, and a change to it is refused
 * with that reason rather than accepted and silently ignored. A change lasts until the broker restarts;
 * the configuration file is not rewritten.
 *
 * <p>A request's keys are checked together first, with the same parsing and validation as the
 * configuration file (an unknown key is named with the nearest known one): either all of them apply, or
 * none does.
 *
 * <p>Thread safety: {@link #update} is synchronized (the admin thread); {@link #values} from any thread.
 */
public final class BrokerSettings {

    private final BrokerConfig started;
    private final Map<String, Consumer<BrokerConfig>> changeable = new LinkedHashMap<>();
    private final Map<String, String> changed = new ConcurrentHashMap<>();
    private volatile DataVersion version;

    /** @param started the configuration the broker started with */
    public BrokerSettings(BrokerConfig started, long nowMillis) {
        this.started = started;
        this.version = new DataVersion(0, nowMillis, 0);
    }

    /**
     * Lets {@code key} change at run time; {@code apply} receives a configuration holding the new value
     * (read it with the key's getter) and hands it to the part that uses it.
     */
    public BrokerSettings changeable(String key, Consumer<BrokerConfig> apply) {
        if (!BrokerConfig.table().changeable(key)) {
            throw new IllegalStateException(key + " is not marked changeable in the broker's key table");
        }
        changeable.put(key, apply);
        return this;
    }

    /** The keys that may change at run time. */
    public Iterable<String> changeableKeys() {
        return new TreeSet<>(changeable.keySet());
    }

    /**
     * Applies {@code properties}; returns null, or why nothing was applied.
     */
    public synchronized String update(Properties properties, long nowMillis) {
        if (properties.isEmpty()) {
            return null;
        }
        BrokerConfig parsed;
        try {
            parsed = BrokerConfig.from(properties);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!changeable.containsKey(key)) {
                return "'" + key + "' cannot be changed at run time: the broker reads it once at start; set it in"
                        + " the broker's configuration file and restart. Keys that can change: " + changeableKeys();
            }
        }
        for (String key : properties.stringPropertyNames()) {
            changeable.get(key).accept(parsed);
            changed.put(key, properties.getProperty(key).trim());
        }
        version = version.next(nowMillis);
        return null;
    }

    /** Every key with its current value, sorted by key. */
    public Map<String, String> values() {
        Map<String, String> values = new TreeMap<>(started.values());
        values.putAll(changed);
        return values;
    }

    /** Counts the changes made since start. */
    public DataVersion version() {
        return version;
    }
}
