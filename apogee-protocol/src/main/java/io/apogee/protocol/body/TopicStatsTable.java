package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * The GET_TOPIC_STATS_INFO answer: per-queue offsets, keyed by queue objects (written as bare
 * object keys, as the official side does).
 */
public record TopicStatsTable(Map<MessageQueue, TopicOffset> offsetTable, double topicPutTps) {

    public TopicStatsTable {
        offsetTable = offsetTable == null ? new HashMap<>() : offsetTable;
    }
}
