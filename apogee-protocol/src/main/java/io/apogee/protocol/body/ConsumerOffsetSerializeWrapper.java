package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * The GET_ALL_CONSUMER_OFFSET answer: every committed offset, keyed {@code topic@group}, then by queue id
 * (bare numeric keys, as fastjson 1.x writes them).
 */
public record ConsumerOffsetSerializeWrapper(Map<String, Map<Integer, Long>> offsetTable, DataVersion dataVersion) {

    public ConsumerOffsetSerializeWrapper {
        offsetTable = offsetTable == null ? new HashMap<>() : offsetTable;
    }
}
