package io.apogee.broker.topic;

import java.util.Set;

/**
 * The topics a broker writes for itself (delay levels, transactions, timers, traces, ...), which may hold
 * queues without a topic configuration and are never removed as unused. The names are RocketMQ's, so a store
 * written by either broker is judged the same way.
 *
 * <p>Thread safety: stateless.
 */
public final class SystemTopics {

    private static final Set<String> NAMES = Set.of("TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest",
            "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT");
    /** Lower-case prefix of RocketMQ 5's internal topics (timer wheel, pop checkpoints, ...). */
    private static final String PREFIX = "rmq_sys_";
    /** Light message queues: created per message by their dispatch, never configured. */
    private static final String LMQ_PREFIX = "%LMQ%";

    private SystemTopics() {
    }

    public static boolean isSystem(String topic) {
        return NAMES.contains(topic) || topic.startsWith(PREFIX) || topic.startsWith(LMQ_PREFIX);
    }
}
