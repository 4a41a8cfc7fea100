package io.apogee.cli.bench.compare;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rounds of every system and the table of medians and ratios (first system over second) printed at the
 * end of a comparison.
 *
 * <p>Thread safety: used by the comparison's one thread.
 */
final class ComparisonTable {

    private final List<String> systems;
    /** System, then figure, then one value per round. */
    private final Map<String, Map<String, List<Double>>> rounds = new LinkedHashMap<>();

    ComparisonTable(List<String> systems) {
        this.systems = systems;
        systems.forEach(s -> rounds.put(s, new LinkedHashMap<>()));
    }

    void add(String system, RunFigures run) {
        run.values().forEach((figure, value) -> {
            if (value != null) {
                rounds.get(system).computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
            }
        });
    }

    /** The median of a system's rounds for a figure, or null without rounds. */
    Double median(String system, String figure) {
        List<Double> values = rounds.get(system).get(figure);
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    void print(PrintWriter out) {
        List<String> figures = List.of(RunFigures.THROUGHPUT, RunFigures.P50, RunFigures.P99, RunFigures.P999,
                RunFigures.CPU, RunFigures.RSS, RunFigures.ANON_RSS, RunFigures.DISK);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-30s", "median of rounds"));
        systems.forEach(s -> header.append(String.format(Locale.ROOT, " %16s", s)));
        if (systems.size() == 2) {
            header.append(String.format(Locale.ROOT, " %8s", "ratio"));
        }
        out.println(header);
        for (String figure : figures) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s", figure));
            for (String system : systems) {
                line.append(String.format(Locale.ROOT, " %16s", format(median(system, figure))));
            }
            if (systems.size() == 2) {
                Double a = median(systems.get(0), figure);
                Double b = median(systems.get(1), figure);
                line.append(String.format(Locale.ROOT, " %8s", a == null || b == null || b == 0 ? "-"
                        : String.format(Locale.ROOT, "%.2f", a / b)));
            }
            out.println(line);
        }
        out.println();
        for (String system : systems) {
            rounds.get(system).forEach((figure, values) -> out.printf(Locale.ROOT, "%-16s %-30s %s%n", system, figure,
                    values.stream().map(ComparisonTable::format).toList()));
        }
        out.flush();
    }

    /** Every system's rounds and medians, for {@code -o json}. */
    Map<String, Object> asMap() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String system : systems) {
            Map<String, Object> entry = new LinkedHashMap<>();
            Map<String, Double> medians = new LinkedHashMap<>();
            rounds.get(system).keySet().forEach(f -> medians.put(f, median(system, f)));
            entry.put("medians", medians);
            entry.put("rounds", rounds.get(system));
            all.put(system, entry);
        }
        return all;
    }

    private static String format(Double value) {
        if (value == null) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
