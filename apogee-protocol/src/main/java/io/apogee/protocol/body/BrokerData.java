package io.apogee.protocol.body;

import java.util.HashMap;
import java.util.Map;

/**
 * The addresses of one broker name (a master and its slaves) in a cluster. {@code brokerAddrs} maps
 * broker id to {@code ip:port}; id {@value #MASTER_ID} is the master. {@code zoneName} is optional.
 * The record is immutable but its map is the caller's to fill; do not share a mutating instance
 * between threads.
 */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs,
                         boolean enableActingMaster, String zoneName) {

    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = brokerAddrs == null ? new HashMap<>() : brokerAddrs;
    }

    /** The master's address, or {@code null} when the broker name has no master. */
    public String masterAddr() {
        return brokerAddrs.get(MASTER_ID);
    }
}
