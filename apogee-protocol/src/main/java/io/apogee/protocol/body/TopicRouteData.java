package io.apogee.protocol.body;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The GET_ROUTEINFO_BY_TOPIC answer: which brokers host a topic and with how many queues.
 * {@code orderTopicConf} and {@code topicQueueMappingByBroker} are optional and left out when null;
 * the mapping values are kept as raw JSON objects because Apogee has no static topics.
 *
 * <p>{@link #encode()} writes quoted map keys, as the official name server answers modern clients.
 * Not thread-safe while its collections are being filled.
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable,
                             Map<String, Object> topicQueueMappingByBroker) {

    public TopicRouteData {
        queueDatas = queueDatas == null ? new ArrayList<>() : queueDatas;
        brokerDatas = brokerDatas == null ? new ArrayList<>() : brokerDatas;
        filterServerTable = filterServerTable == null ? new HashMap<>() : filterServerTable;
    }

    /** A route with the given queues and brokers and nothing optional. */
    public static TopicRouteData of(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
        return new TopicRouteData(null, queueDatas, brokerDatas, null, null);
    }

    public byte[] encode() {
        return JsonBody.encodeQuoted(this);
    }

    /** Reads a route body; keys may be quoted or bare. */
    public static TopicRouteData decode(byte[] body) {
        return JsonBody.decode(body, TopicRouteData.class);
    }
}
