package io.apogee.client.instance;

import io.apogee.protocol.body.BrokerData;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The brokers a client instance knows from the routes it has fetched: broker name to the addresses
 * of its members by broker id (0 is the master).
 *
 * <p>Thread safety: safe from any thread; each broker's address map is replaced as a whole.
 */
public final class BrokerDirectory {

    private final ConcurrentHashMap<String, Map<Long, String>> brokers = new ConcurrentHashMap<>();

    /** Adds or refreshes the brokers of a route. */
    void update(Collection<BrokerData> datas) {
        for (BrokerData data : datas) {
            brokers.put(data.brokerName(), Map.copyOf(new HashMap<>(data.brokerAddrs())));
        }
    }

    /** Forgets addresses that no route names any more; brokers left with none are dropped. */
    void retainOnly(Collection<BrokerData> inRoutes) {
        Map<String, Set<String>> live = new HashMap<>();
        for (BrokerData data : inRoutes) {
            live.computeIfAbsent(data.brokerName(), n -> new HashSet<>()).addAll(data.brokerAddrs().values());
        }
        brokers.replaceAll((name, addrs) -> {
            Set<String> keep = live.getOrDefault(name, Set.of());
            Map<Long, String> kept = new HashMap<>();
            addrs.forEach((id, addr) -> {
                if (keep.contains(addr)) {
                    kept.put(id, addr);
                }
            });
            return Map.copyOf(kept);
        });
        brokers.values().removeIf(Map::isEmpty);
    }

    /** The master's address of a broker name, or {@code null}. */
    public String masterAddress(String brokerName) {
        Map<Long, String> addrs = brokers.get(brokerName);
        return addrs == null ? null : addrs.get(BrokerData.MASTER_ID);
    }

    /** The master's address, else any member's, or {@code null}. */
    public String anyAddress(String brokerName) {
        Map<Long, String> addrs = brokers.get(brokerName);
        if (addrs == null || addrs.isEmpty()) {
            return null;
        }
        String master = addrs.get(BrokerData.MASTER_ID);
        return master != null ? master : addrs.values().iterator().next();
    }

    /** The address of every known broker name's master. */
    public Set<String> masterAddresses() {
        Set<String> masters = new HashSet<>();
        brokers.values().forEach(addrs -> {
            String master = addrs.get(BrokerData.MASTER_ID);
            if (master != null) {
                masters.add(master);
            }
        });
        return masters;
    }

    /** Every known broker address. */
    public Set<String> allAddresses() {
        Set<String> all = new HashSet<>();
        brokers.values().forEach(addrs -> all.addAll(addrs.values()));
        return all;
    }
}
