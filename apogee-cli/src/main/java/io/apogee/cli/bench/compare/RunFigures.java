package io.apogee.cli.bench.compare;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one bench run that the comparison reports, read from {@code apogee bench -o json}: throughput,
 * latency percentiles (end to end for e2e, else per send), and the broker's CPU per message, peak RSS (all of
 * it, and the anonymous part alone: the highest seen in the measured window) and disk writes.
 *
 * <p>Thread safety: immutable.
 */
record RunFigures(Map<String, Double> values, boolean ok) {

    static final String THROUGHPUT = "throughput (msg/s)";
    static final String P50 = "p50 (ms)";
    static final String P99 = "p99 (ms)";
    static final String P999 = "p99.9 (ms)";
    static final String CPU = "broker CPU per message (us)";
    static final String RSS = "broker peak RSS (MiB)";
    static final String ANON_RSS = "broker anonymous RSS (MiB)";
    static final String DISK = "broker disk writes (MB/s)";

    static RunFigures parse(String json) {
        JSONObject root = JSON.parseObject(json);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(THROUGHPUT, number(root, "msgs_per_s"));
        JSONObject latency = root.containsKey("e2e_latency") ? root.getJSONObject("e2e_latency")
                : root.getJSONObject("send_latency");
        if (latency != null) {
            values.put(P50, micros(latency, "p50_us"));
            values.put(P99, micros(latency, "p99_us"));
            values.put(P999, micros(latency, "p999_us"));
        }
        JSONObject broker = root.getJSONObject("broker");
        if (broker != null) {
            values.put(CPU, number(broker, "cpu_us_per_msg"));
            Double rss = number(broker, "peak_rss_kb");
            values.put(RSS, rss == null ? null : rss / 1024);
            Double anon = number(broker, "max_anon_rss_kb_in_window");
            values.put(ANON_RSS, anon == null ? null : anon / 1024);
            values.put(DISK, number(broker, "disk_write_mb_per_s"));
        }
        return new RunFigures(values, root.getBooleanValue("ok"));
    }

    private static Double number(JSONObject object, String key) {
        Object value = object.get(key);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Double micros(JSONObject latency, String key) {
        Double value = number(latency, key);
        return value == null ? null : value / 1000;
    }
}
