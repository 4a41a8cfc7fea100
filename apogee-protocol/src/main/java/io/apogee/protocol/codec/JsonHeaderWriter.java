package io.apogee.protocol.codec;

import io.apogee.protocol.command.RemotingCommand;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the JSON header in the official key order (alphabetical, nulls left out, the language as
 * its name). {@link #measure} gives the exact byte count first, so that the frame encoder can
 * allocate the whole frame once and {@link #write} the header straight into it.
 *
 * <p>Strings escape {@code "}, {@code \} and control characters and write everything else as raw
 * UTF-8, as the official side does.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class JsonHeaderWriter {

    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
    private static final byte[] FLAG = ascii(",\"flag\":");
    private static final byte[] LANGUAGE = ascii(",\"language\":\"");
    private static final byte[] OPAQUE = ascii("\",\"opaque\":");
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] TAIL = ascii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private JsonHeaderWriter() {
    }

    /** The exact number of bytes {@link #write} produces for {@code command}. */
    static int measure(RemotingCommand command) {
        int length = CODE.length + digits(command.code()) + FLAG.length + digits(command.flag())
                + LANGUAGE.length + command.language().name().length() + OPAQUE.length + digits(command.opaque())
                + TAIL.length + digits(command.version()) + 1;
        Map<String, String> fields = command.extFields();
        if (fields != null) {
            length += EXT_FIELDS.length + 1;
            int written = 0;
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    length += stringLength(entry.getKey()) + 1 + stringLength(entry.getValue());
                    written++;
                }
            }
            length += Math.max(0, written - 1);
        }
        if (command.remark() != null) {
            length += REMARK.length + stringLength(command.remark());
        }
        return length;
    }

    /** Writes the header at {@code p}; returns the position after it. */
    static int write(RemotingCommand command, byte[] out, int p) {
        p = raw(CODE, out, p);
        p = number(command.code(), out, p);
        Map<String, String> fields = command.extFields();
        if (fields != null) {
            p = raw(EXT_FIELDS, out, p);
            boolean first = true;
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                String key = entry.getKey();
                String value = entry.getValue();
                if (key == null || value == null) {
                    continue;
                }
                if (!first) {
                    out[p++] = ',';
                }
                first = false;
                p = string(key, out, p);
                out[p++] = ':';
                p = string(value, out, p);
            }
            out[p++] = '}';
        }
        p = raw(FLAG, out, p);
        p = number(command.flag(), out, p);
        p = raw(LANGUAGE, out, p);
        String language = command.language().name();
        for (int i = 0; i < language.length(); i++) {
            out[p++] = (byte) language.charAt(i);
        }
        p = raw(OPAQUE, out, p);
        p = number(command.opaque(), out, p);
        if (command.remark() != null) {
            p = raw(REMARK, out, p);
            p = string(command.remark(), out, p);
        }
        p = raw(TAIL, out, p);
        p = number(command.version(), out, p);
        out[p++] = '}';
        return p;
    }

    private static int raw(byte[] bytes, byte[] out, int p) {
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }

    private static int digits(int value) {
        if (value == Integer.MIN_VALUE) {
            return 11;
        }
        int count = value < 0 ? 2 : 1;
        int v = Math.abs(value);
        while (v >= 10) {
            v /= 10;
            count++;
        }
        return count;
    }

    private static int number(int value, byte[] out, int p) {
        if (value == Integer.MIN_VALUE) {
            return raw(ascii(Integer.toString(value)), out, p);
        }
        int end = p + digits(value);
        int v = Math.abs(value);
        int q = end;
        do {
            out[--q] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        if (value < 0) {
            out[--q] = '-';
        }
        return end;
    }

    /** Bytes of {@code s} as a quoted JSON string. */
    private static int stringLength(String s) {
        int length = s.length();
        int escapes = 0;
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                escapes += 5;
            } else if (c == '"' || c == '\\') {
                escapes += 1;
            } else if (c >= 0x80) {
                ascii = false;
            }
        }
        return 2 + escapes + (ascii ? length : Utf8.length(s));
    }

    private static int string(String s, byte[] out, int p) {
        out[p++] = '"';
        int length = s.length();
        int i = 0;
        // Fast path: plain ASCII needs neither escaping nor multi-byte encoding.
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            out[p++] = (byte) c;
        }
        if (i < length) {
            p = escaped(s, i, out, p);
        }
        out[p++] = '"';
        return p;
    }

    /**
     * The slow path, taken from the first character that needs escaping or is not ASCII: one pass,
     * no substrings. RocketMQ's properties string ({@code i}) always takes it, for its 0x01/0x02
     * separators.
     */
    private static int escaped(String s, int from, byte[] out, int p) {
        int length = s.length();
        for (int i = from; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out[p++] = '\\';
                }
                out[p++] = (byte) c;
            } else if (c < 0x20) {
                out[p++] = '\\';
                out[p++] = 'u';
                out[p++] = '0';
                out[p++] = '0';
                out[p++] = HEX[c >> 4];
                out[p++] = HEX[c & 0xF];
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xF0 | (cp >> 18));
                out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[p++] = '?';
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
