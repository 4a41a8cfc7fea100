package io.apogee.console;

import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ClusterInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The overview (brokers, roles, versions, disk use, rates), broker settings and a broker's store state.
 *
 * <p>Thread safety: stateless; called from the console's request threads.
 */
final class ClusterHandlers {

    private final ConsoleBackend backend;

    ClusterHandlers(ConsoleBackend backend) {
        this.backend = backend;
    }

    Object overview() {
        ClusterInfo info = backend.admin().examineBrokerClusterInfo();
        List<Map<String, Object>> brokers = new ArrayList<>();
        for (BrokerData broker : new TreeMap<>(info.brokerAddrTable()).values()) {
            for (Map.Entry<Long, String> address : new TreeMap<>(broker.brokerAddrs()).entrySet()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("cluster", broker.cluster());
                row.put("name", broker.brokerName());
                row.put("id", address.getKey());
                row.put("role", address.getKey() == BrokerData.MASTER_ID ? "MASTER" : "SLAVE");
                row.put("address", address.getValue());
                try {
                    Map<String, String> runtime = backend.admin().brokerRuntimeInfo(address.getValue());
                    row.put("version", runtime.get("brokerVersionDesc"));
                    row.put("putTps", firstNumber(runtime.get("putTps")));
                    row.put("getTps", firstNumber(runtime.get("getTransferredTps")));
                    row.put("putToday", runtime.get("msgPutTotalTodayNow"));
                    row.put("getToday", runtime.get("msgGetTotalTodayNow"));
                    row.put("diskRatio", firstNumber(runtime.get("commitLogDiskRatio")));
                    row.put("uptime", runtime.get("runtime"));
                    row.put("error", null);
                } catch (RuntimeException e) {
                    row.put("error", e.getMessage());
                }
                brokers.add(row);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clusters", new TreeMap<>(info.clusterAddrTable()).keySet());
        result.put("brokers", brokers);
        result.put("time", System.currentTimeMillis());
        return result;
    }

    Object config(Request request) {
        Properties properties = backend.admin().brokerConfig(request.path("addr"));
        return new TreeMap<>(properties);
    }

    Object updateConfig(Request request) {
        JSONObject json = request.json();
        Map<String, String> settings = new TreeMap<>();
        json.forEach((k, v) -> settings.put(k, String.valueOf(v)));
        if (settings.isEmpty()) {
            throw ApiException.badRequest("the body names no setting to change");
        }
        backend.admin().updateBrokerConfig(request.path("addr"), settings);
        return Map.of("changed", settings.keySet());
    }

    /**
     * A broker's store: commit-log offsets, the store path's disk, how far the log is flushed and by which mode,
     * and its part in its group: a master's slaves' acknowledged offsets, or a slave's master and how many
     * bytes it is behind that master.
     */
    Object store(Request request) {
        String addr = request.path("addr");
        Map<String, String> runtime = backend.admin().brokerRuntimeInfo(addr);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("address", addr);
        long max = number(runtime, "commitLogMaxOffset");
        result.put("commitLogMinOffset", number(runtime, "commitLogMinOffset"));
        result.put("commitLogMaxOffset", max);
        result.put("diskRatio", firstNumber(runtime.get("commitLogDiskRatio")));
        long total = number(runtime, "commitLogDirTotalBytes");
        long free = number(runtime, "commitLogDirFreeBytes");
        result.put("diskTotalBytes", total);
        result.put("diskFreeBytes", free);
        result.put("diskUsedBytes", Math.max(0, total - free));
        result.put("flushDiskType", runtime.get("flushDiskType"));
        result.put("flushedOffset", number(runtime, "commitLogFlushedOffset"));
        result.put("writtenOffset", number(runtime, "commitLogWrittenOffset"));
        String role = runtime.get("brokerRole");
        result.put("role", role);
        Map<String, Object> replication = new LinkedHashMap<>();
        if (role != null && role.endsWith("MASTER")) {
            String acked = runtime.getOrDefault("haSlaveAckOffsets", "");
            List<Long> offsets = acked.isBlank() ? List.of()
                    : Arrays.stream(acked.split(",")).map(Long::valueOf).toList();
            replication.put("slaveAckOffsets", offsets);
            replication.put("inSyncOffset", number(runtime, "haInSyncOffset"));
        } else if (role != null) {
            replication.put("masterAddress", runtime.get("haMasterAddress"));
            Long masterMax = masterMaxOffset(addr);
            replication.put("masterMaxOffset", masterMax);
            replication.put("lagBytes", masterMax == null ? null : Math.max(0, masterMax - max));
        }
        result.put("replication", replication);
        return result;
    }

    /** The commit-log max offset of the master of the slave at {@code slaveAddr}, or null when none is known. */
    private Long masterMaxOffset(String slaveAddr) {
        for (BrokerData broker : backend.admin().examineBrokerClusterInfo().brokerAddrTable().values()) {
            if (broker.brokerAddrs().containsValue(slaveAddr)) {
                String master = broker.brokerAddrs().get(BrokerData.MASTER_ID);
                return master == null ? null : number(backend.admin().brokerRuntimeInfo(master), "commitLogMaxOffset");
            }
        }
        return null;
    }

    private static long number(Map<String, String> runtime, String key) {
        String text = runtime.get(key);
        try {
            return text == null ? -1 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The first number of a broker figure such as "12.5 10.0 9.8" (the rates of the last 10 s, 1 min, 10 min). */
    static double firstNumber(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Double.parseDouble(text.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
