package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The GET_BROKER_CLUSTER_INFO answer: every broker name with its addresses, and the broker names of
 * each cluster. {@link #encode()} writes bare broker-id keys, as the official name server does.
 * Not thread-safe while its maps are being filled.
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {

    public ClusterInfo {
        brokerAddrTable = brokerAddrTable == null ? new HashMap<>() : brokerAddrTable;
        clusterAddrTable = clusterAddrTable == null ? new HashMap<>() : clusterAddrTable;
    }

    public byte[] encode() {
        return JsonBody.encode(this);
    }

    public static ClusterInfo decode(byte[] body) {
        return JsonBody.decode(body, ClusterInfo.class);
    }
}
