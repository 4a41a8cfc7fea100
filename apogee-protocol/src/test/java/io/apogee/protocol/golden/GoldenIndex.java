package io.apogee.protocol.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the frame tables of INDEX.md into entries, and the summary column into its parts:
 * {@code key=value} pairs of the custom header, the remark and the body description. Values the
 * index shortened end in {@code ...}; {@code \1} and {@code \2} stand for bytes 0x01 and 0x02.
 */
public final class GoldenIndex {

    /** One row of a frame table. */
    public record Entry(String file, int code, int opaque, int flag, String serializeType,
                        int headerLength, int bodyLength, Map<String, String> fields,
                        String remark, String body) {
    }

    private GoldenIndex() {
    }

    public static List<Entry> parse(String index) {
        List<Entry> entries = new ArrayList<>();
        for (String line : index.split("\n")) {
            if (!line.startsWith("| ") || !line.contains(".bin |")) {
                continue;
            }
            String[] cells = line.split(" \\| ", -1);
            // | file | t | conn | dir | kind | code NAME | opaque | flag | ser | hdr | body | summary |
            String file = cells[0].substring(2).trim();
            int code = Integer.parseInt(cells[5].trim().split(" ")[0]);
            int opaque = Integer.parseInt(cells[6].trim());
            int flag = Integer.parseInt(cells[7].trim());
            String ser = cells[8].trim();
            int hdr = Integer.parseInt(cells[9].trim());
            int body = Integer.parseInt(cells[10].trim());
            String summary = String.join(" | ", java.util.Arrays.copyOfRange(cells, 11, cells.length));
            summary = summary.endsWith("|") ? summary.substring(0, summary.length() - 1).trim() : summary.trim();
            entries.add(summarised(file, code, opaque, flag, ser, hdr, body, summary));
        }
        return entries;
    }

    private static Entry summarised(String file, int code, int opaque, int flag, String ser, int hdr,
                                    int bodyLength, String summary) {
        String fieldsPart = summary;
        String remark = null;
        String body = null;
        int bodyAt = indexOfPart(summary, "body: ");
        if (bodyAt >= 0) {
            body = summary.substring(bodyAt + "body: ".length());
            fieldsPart = summary.substring(0, bodyAt);
        }
        int remarkAt = indexOfPart(fieldsPart, "remark=\"");
        if (remarkAt >= 0) {
            String rest = fieldsPart.substring(remarkAt + "remark=\"".length());
            remark = rest.substring(0, rest.lastIndexOf('"'));
            fieldsPart = fieldsPart.substring(0, remarkAt);
        }
        fieldsPart = fieldsPart.trim();
        if (fieldsPart.endsWith(";")) {
            fieldsPart = fieldsPart.substring(0, fieldsPart.length() - 1);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String lastKey = null;
        for (String token : fieldsPart.trim().split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            if (eq > 0) {
                lastKey = token.substring(0, eq);
                fields.put(lastKey, unescape(token.substring(eq + 1)));
            } else if (lastKey != null) {
                // A value with a space in it: the token continues the previous value.
                fields.put(lastKey, fields.get(lastKey) + " " + unescape(token));
            } else {
                throw new IllegalStateException("unparsable summary token '" + token + "' in " + file);
            }
        }
        return new Entry(file, code, opaque, flag, ser, hdr, bodyLength, fields, remark, body);
    }

    /** Where a summary part starts: at the beginning or after "; ". */
    private static int indexOfPart(String summary, String marker) {
        if (summary.startsWith(marker)) {
            return 0;
        }
        int at = summary.indexOf("; " + marker);
        return at < 0 ? -1 : at + 2;
    }

    private static String unescape(String value) {
        return value.replace("\\1", "\u0001").replace("\\2", "\u0002");
    }
}
