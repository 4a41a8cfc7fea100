package io.apogee.cli.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows under named columns, printed as an aligned text table or as a JSON array of objects keyed by
 * the column names (numbers stay numbers).
 *
 * <p>Thread safety: not thread-safe; one command fills and prints it.
 */
final class Table {

    private final String[] columns;
    private final List<Object[]> rows = new ArrayList<>();

    Table(String... columns) {
        this.columns = columns;
    }

    Table row(Object... values) {
        if (values.length != columns.length) {
            throw new IllegalStateException(values.length + " values for " + columns.length + " columns");
        }
        rows.add(values);
        return this;
    }

    int size() {
        return rows.size();
    }

    List<Map<String, Object>> asMaps() {
        List<Map<String, Object>> maps = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                map.put(columns[i], row[i]);
            }
            maps.add(map);
        }
        return maps;
    }

    void print(PrintWriter out) {
        int[] widths = Arrays.stream(columns).mapToInt(String::length).toArray();
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], text(row[i]).length());
            }
        }
        line(out, widths, columns);
        for (Object[] row : rows) {
            line(out, widths, row);
        }
    }

    private static void line(PrintWriter out, int[] widths, Object[] values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String text = text(values[i]);
            line.append(text);
            if (i < values.length - 1) {
                line.append(" ".repeat(widths[i] - text.length() + 2));
            }
        }
        out.println(line);
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString().replace('\n', ' ');
    }
}
