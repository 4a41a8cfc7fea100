package io.apogee.console;

import io.apogee.client.admin.Admin;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.message.MessageSysFlag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Messages that have not reached their topic yet, as the broker keeps them: a delayed message (delay level) in
 * {@value #SCHEDULE_TOPIC} until its level's delay has passed, a timed one in {@value #TIMER_TOPIC} until its
 * {@code TIMER_DELIVER_MS}, and a transaction's half message in {@value #HALF_TOPIC} until its producer commits
 * or rolls it back. Each keeps its real topic in {@code REAL_TOPIC}; this finds them by key or id for that topic,
 * says when a waiting message is due, and what became of a half message (from the broker's decision records in
 * {@value #OP_TOPIC}, newest first, and whether its committed copy exists).
 *
 * <p>Thread safety: stateless; called from the console's request threads.
 */
final class WaitingMessages {

    static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** The delay levels of a broker that does not say (RocketMQ's default {@code messageDelayLevel}). */
    static final String DEFAULT_DELAY_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";
    /** Decision records read back at most, newest first, when looking for a half message's outcome. */
    static final int DECISIONS_READ = 10_000;
    private static final int PAGE = 256;

    private WaitingMessages() {
    }

    /** Messages still waiting to reach {@code topic} whose key (or unique id) is {@code key}. */
    static List<MessageExt> find(Admin admin, String topic, String key, boolean unique, int max) {
        List<MessageExt> found = new ArrayList<>();
        for (String holder : List.of(SCHEDULE_TOPIC, TIMER_TOPIC, HALF_TOPIC)) {
            List<MessageExt> held;
            try {
                held = unique ? admin.queryMessageByUniqueKey(holder, key)
                        : admin.queryMessageByKey(holder, key, max, 0, Long.MAX_VALUE);
            } catch (RuntimeException e) {
                continue; // no broker holds such messages yet: the topic has no route
            }
            for (MessageExt m : held) {
                if (topic.equals(m.getProperty("REAL_TOPIC"))) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    /**
     * When a delayed or timed message is due: {@code dueAt} (ms since the epoch) and {@code state} ("waiting"
     * until then, "due" after, until the broker's delivery hands it over); null for a message that waits for
     * nothing (including one already delivered, which no longer carries the delay).
     *
     * @param delayLevels the broker's {@code messageDelayLevel}, e.g. "1s 5s 10s"
     */
    static Map<String, Object> due(MessageExt m, String delayLevels, long nowMillis) {
        Long dueAt = null;
        if (SCHEDULE_TOPIC.equals(m.getTopic()) && m.getDelayTimeLevel() > 0) {
            String[] levels = delayLevels.trim().split("\\s+");
            int level = Math.min(m.getDelayTimeLevel(), levels.length);
            dueAt = m.getStoreTimestamp() + durationMillis(levels[level - 1]);
        } else if (TIMER_TOPIC.equals(m.getTopic()) && m.getProperty("TIMER_DELIVER_MS") != null) {
            try {
                dueAt = Long.parseLong(m.getProperty("TIMER_DELIVER_MS"));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (dueAt == null) {
            return null;
        }
        Map<String, Object> due = new LinkedHashMap<>();
        due.put("dueAt", dueAt);
        due.put("state", nowMillis < dueAt ? "waiting" : "due");
        return due;
    }

    /** One delay level, "500ms", "5s", "2m", "1h" or "1d", in milliseconds. */
    static long durationMillis(String level) {
        String text = level.trim();
        if (text.endsWith("ms")) {
            return Long.parseLong(text.substring(0, text.length() - 2));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> amount * 1_000;
            case 'm' -> amount * 60_000;
            case 'h' -> amount * 3_600_000;
            case 'd' -> amount * 86_400_000;
            default -> throw new IllegalArgumentException("not a delay level: " + level);
        };
    }

    /** The delay levels the broker at {@code address} uses, or the default when it does not say. */
    static String delayLevels(Admin admin, String address) {
        try {
            Properties config = admin.brokerConfig(address);
            String levels = config.getProperty("messageDelayLevel");
            return levels == null || levels.isBlank() ? DEFAULT_DELAY_LEVELS : levels;
        } catch (RuntimeException e) {
            return DEFAULT_DELAY_LEVELS;
        }
    }

    /**
     * What became of a transaction's message: for a half message "committed", "rolled back", "discarded"
     * (given up after its last check) or "pending" (with the checks so far); for the committed copy in its
     * topic "committed"; null for a message outside any transaction.
     */
    static String transactionState(Admin admin, MessageExt m, String brokerName) {
        if (!HALF_TOPIC.equals(m.getTopic())) {
            return (m.getSysFlag() & MessageSysFlag.TRANSACTION_TYPE_MASK) == MessageSysFlag.TRANSACTION_COMMIT_TYPE ? "committed" : null;
        }
        if (brokerName == null) {
            return "unknown (no broker found for it)";
        }
        MessageQueue ops = new MessageQueue(OP_TOPIC, brokerName, 0);
        long end;
        try {
            end = admin.maxOffset(ops);
        } catch (RuntimeException e) {
            return "pending (no decision recorded yet)";
        }
        String half = Long.toString(m.getQueueOffset());
        int checks = 0;
        long from = end;
        long oldest = Math.max(0, end - DECISIONS_READ);
        while (from > oldest) {
            long start = Math.max(oldest, from - PAGE);
            List<MessageExt> page = admin.readQueue(ops, start, (int) (from - start));
            for (int i = page.size() - 1; i >= 0; i--) {
                MessageExt op = page.get(i);
                if (!half.equals(new String(op.getBody(), StandardCharsets.US_ASCII).trim())) {
                    continue;
                }
                String tag = op.getTags();
                if ("commit".equals(tag)) {
                    return "committed";
                } else if ("rollback".equals(tag)) {
                    return "rolled back";
                } else if ("discard".equals(tag)) {
                    return "discarded after its last check";
                } else if ("check".equals(tag)) {
                    checks++;
                }
            }
            if (page.isEmpty() || page.get(0).getStoreTimestamp() < m.getStoreTimestamp()) {
                break; // decisions older than the half message cannot be about it
            }
            from = start;
        }
        return "pending (producer asked " + checks + " time" + (checks == 1 ? "" : "s") + " so far)";
    }
}
