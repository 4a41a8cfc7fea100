package io.apogee.console;

import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ClusterInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The overview (brokers, roles, versions, disk use, rates) and broker settings.
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
