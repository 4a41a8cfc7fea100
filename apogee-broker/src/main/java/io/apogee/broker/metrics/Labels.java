package io.apogee.broker.metrics;

/** RocketMQ 5's metric label names and the values Apogee gives them, so that its dashboards match. */
final class Labels {

    static final String CLUSTER = "cluster";
    static final String NODE_TYPE = "node_type";
    static final String NODE_ID = "node_id";
    static final String TOPIC = "topic";
    static final String CONSUMER_GROUP = "consumer_group";
    static final String IS_RETRY = "is_retry";
    static final String IS_SYSTEM = "is_system";
    static final String PROCESSOR = "processor";
    static final String STORAGE_TYPE = "storage_type";
    static final String STORAGE_MEDIUM = "storage_medium";

    private static final String RETRY_PREFIX = "%RETRY%";
    private static final String DLQ_PREFIX = "%DLQ%";

    private Labels() {
    }

    static String isRetry(String topic) {
        return Boolean.toString(topic.startsWith(RETRY_PREFIX));
    }

    /** Retry, dead-letter and RocketMQ's own topics (RMQ_SYS_*, TBW102, the schedule and half topics). */
    static String isSystem(String topic) {
        return Boolean.toString(topic.startsWith(RETRY_PREFIX) || topic.startsWith(DLQ_PREFIX)
                || topic.startsWith("RMQ_SYS_") || topic.equals("TBW102") || topic.equals("SCHEDULE_TOPIC_XXXX")
                || topic.equals("OFFSET_MOVED_EVENT") || topic.endsWith("_REPLY_TOPIC"));
    }

    /** The group a dead-letter topic belongs to, or null when {@code topic} is not one. */
    static String deadLetterGroup(String topic) {
        return topic.startsWith(DLQ_PREFIX) ? topic.substring(DLQ_PREFIX.length()) : null;
    }
}
