package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * A broker's topic table with its version, as carried in REGISTER_BROKER. The 5.x broker adds the
 * static-topic mapping fields; Apogee keeps them as raw JSON objects and writes them empty.
 * Not thread-safe while its maps are being filled.
 */
public record TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion,
                                          DataVersion mappingDataVersion,
                                          Map<String, Object> topicQueueMappingInfoMap,
                                          Map<String, Object> topicQueueMappingDetailMap) {

    public TopicConfigSerializeWrapper {
        topicConfigTable = topicConfigTable == null ? new HashMap<>() : topicConfigTable;
        topicQueueMappingInfoMap = topicQueueMappingInfoMap == null ? new HashMap<>() : topicQueueMappingInfoMap;
        topicQueueMappingDetailMap = topicQueueMappingDetailMap == null ? new HashMap<>() : topicQueueMappingDetailMap;
    }

    /** A wrapper of plain topics without static-topic mappings. */
    public static TopicConfigSerializeWrapper of(Map<String, TopicConfig> topics, DataVersion version) {
        return new TopicConfigSerializeWrapper(topics, version, new DataVersion(0, version.timestamp(), 0),
                null, null);
    }
}
