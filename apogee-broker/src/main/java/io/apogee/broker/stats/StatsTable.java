package io.apogee.broker.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counters by a key of one or two parts: a topic, or a consumer group and a topic. Two-part keys are kept
 * as a map of maps, so counting a pull of a known group and topic builds no {@code topic@group} string.
 *
 * <p>Thread safety: concurrent maps; a counter is created once, on its key's first count.
 */
final class StatsTable {

    private final LongSupplier clock;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, StatsItem>> items = new ConcurrentHashMap<>();

    StatsTable(LongSupplier clock) {
        this.clock = clock;
    }

    /** The counter of {@code key} (and {@code subKey}, or "" for one-part keys), created on first use. */
    StatsItem item(String key, String subKey) {
        ConcurrentHashMap<String, StatsItem> byKey = items.get(key);
        if (byKey == null) {
            byKey = items.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        }
        StatsItem item = byKey.get(subKey);
        return item != null ? item : byKey.computeIfAbsent(subKey, k -> new StatsItem(clock.getAsLong()));
    }

    /** The counter, or null when nothing was counted under it. */
    StatsItem find(String key, String subKey) {
        Map<String, StatsItem> byKey = items.get(key);
        return byKey == null ? null : byKey.get(subKey);
    }

    /** Visits every counter with its key and sub-key; for exporters, from any thread. */
    void forEach(Visitor visitor) {
        items.forEach((key, byKey) -> byKey.forEach((subKey, item) -> visitor.visit(key, subKey, item)));
    }

    interface Visitor {
        void visit(String key, String subKey, StatsItem item);
    }

    void sample(long nowMillis) {
        items.values().forEach(byKey -> byKey.values().forEach(item -> item.sample(nowMillis)));
    }
}
