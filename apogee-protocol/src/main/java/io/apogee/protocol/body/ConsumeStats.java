package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/** The GET_CONSUME_STATS answer: per-queue offsets of a group and its consume rate. */
public record ConsumeStats(Map<MessageQueue, OffsetWrapper> offsetTable, double consumeTps) {

    public ConsumeStats {
        offsetTable = offsetTable == null ? new HashMap<>() : offsetTable;
    }
}
