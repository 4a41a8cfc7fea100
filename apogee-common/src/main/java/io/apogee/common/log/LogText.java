package io.apogee.common.log;

/**
 * Makes a value that came from the wire (a topic, a group, a header value, a remark) safe for one log
 * line: control characters, newlines included, are shown as escapes, so a client cannot forge lines;
 * and a long value is cut, so a client cannot fill the log with one request.
 *
 * <p>Thread safety: stateless.
 */
public final class LogText {

    /** The most characters of a value a log line shows. */
    public static final int MAX_CHARS = 200;

    private LogText() {
    }

    /** {@code value} as it may appear in a log line; {@code "null"} for null. */
    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        int shown = Math.min(text.length(), MAX_CHARS);
        if (shown == text.length() && isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (shown < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }
}
