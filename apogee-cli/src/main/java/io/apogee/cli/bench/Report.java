package io.apogee.cli.bench;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one bench run, in the order they were put, and the reasons it failed (anything lost,
 * errors over the limit, a load cut short by the time limit). Printed once at the end: as lines for a
 * person, or as one JSON object for a script; the exit code is 1 when there is any failure.
 *
 * <p>Thread safety: filled and printed by the command's thread only.
 */
final class Report {

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    Report put(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    /** A nested group of figures, made on first use. */
    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        return (Map<String, Object>) figures.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
    }

    void fail(String reason) {
        failures.add(reason);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    int exitCode() {
        return failures.isEmpty() ? 0 : 1;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Prints the report: one JSON object on one line, or one line per figure. */
    void print(PrintWriter out, boolean json) {
        Map<String, Object> all = new LinkedHashMap<>(figures);
        all.put("ok", failures.isEmpty());
        all.put("failures", failures);
        if (json) {
            out.println(JSON.toJSONString(all, JSONWriter.Feature.WriteNulls));
        } else {
            all.forEach((key, value) -> {
                if (!(key.equals("failures") && failures.isEmpty())) {
                    printLine(out, key, value);
                }
            });
        }
        out.flush();
    }

    private static void printLine(PrintWriter out, String key, Object value) {
        if (value instanceof Map<?, ?> map && map.containsKey("p50_us")) {
            out.printf("%-22s p50 %s  p99 %s  p99.9 %s  max %s ms  (%s values)%n", key,
                    millis(map.get("p50_us")), millis(map.get("p99_us")), millis(map.get("p999_us")),
                    millis(map.get("max_us")), map.get("count"));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> printLine(out, key + "." + k, v));
        } else {
            out.printf("%-22s %s%n", key, value);
        }
    }

    private static String millis(Object micros) {
        return String.format(java.util.Locale.ROOT, "%.3f", ((Number) micros).longValue() / 1000.0);
    }
}
