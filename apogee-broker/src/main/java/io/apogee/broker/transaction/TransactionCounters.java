package io.apogee.broker.transaction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Transaction messages committed and rolled back, per real topic, since the broker started: what metrics
 * export as {@code rocketmq_commit_messages_total} and {@code rocketmq_rollback_messages_total}.
 *
 * <p>Thread safety: counted from the END_TRANSACTION threads with one map lookup and one adder increment once a
 * topic was seen; read from any thread.
 */
public final class TransactionCounters {

    private final ConcurrentHashMap<String, LongAdder> committed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> rolledBack = new ConcurrentHashMap<>();

    void committed(String topic) {
        adder(committed, topic).increment();
    }

    void rolledBack(String topic) {
        adder(rolledBack, topic).increment();
    }

    private static LongAdder adder(ConcurrentHashMap<String, LongAdder> table, String topic) {
        String key = topic == null ? "" : topic;
        LongAdder adder = table.get(key);
        return adder != null ? adder : table.computeIfAbsent(key, k -> new LongAdder());
    }

    /** Visits each topic with its committed count. */
    public void forEachCommitted(BiConsumer<String, LongAdder> visitor) {
        committed.forEach(visitor);
    }

    /** Visits each topic with its rolled-back count. */
    public void forEachRolledBack(BiConsumer<String, LongAdder> visitor) {
        rolledBack.forEach(visitor);
    }
}
