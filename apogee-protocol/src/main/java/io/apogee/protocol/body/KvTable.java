package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/** A KV namespace's entries, e.g. the REGISTER_BROKER answer body for ORDER_TOPIC_CONFIG. */
public record KvTable(Map<String, String> table) {

    public KvTable {
        table = table == null ? new HashMap<>() : table;
    }
}
