package io.apogee.protocol.message;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties string (section 4.1): every entry is {@code name 0x01 value 0x02}. Encoding keeps the
 * map's iteration order and skips null values; decoding keeps the string's order, accepts a missing final
 * separator and ignores empty segments and segments without a name separator.
 *
 * <p>Thread safety: pure functions.
 */
public final class MessageProperties {

    /** Separates a name from its value. */
    public static final char NAME_VALUE_SEPARATOR = 1;
    /** Terminates every entry. */
    public static final char PROPERTY_SEPARATOR = 2;
    /** The largest properties string a stored message can carry (its length is an int16). */
    public static final int MAX_STORED_LENGTH = Short.MAX_VALUE;

    private MessageProperties() {
    }

    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(properties.size() * 16);
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            out.append(entry.getKey()).append(NAME_VALUE_SEPARATOR).append(entry.getValue())
                    .append(PROPERTY_SEPARATOR);
        }
        return out.toString();
    }

    public static byte[] encodeToBytes(Map<String, String> properties) {
        return encode(properties).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a properties string into an insertion-ordered map; null or empty gives an empty map. */
    public static Map<String, String> decode(String properties) {
        Map<String, String> map = new LinkedHashMap<>();
        if (properties == null || properties.isEmpty()) {
            return map;
        }
        int length = properties.length();
        int start = 0;
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int split = properties.indexOf(NAME_VALUE_SEPARATOR, start);
                if (split >= 0 && split < end) {
                    map.put(properties.substring(start, split), properties.substring(split + 1, end));
                }
            }
            start = end + 1;
        }
        return map;
    }

    /** Where one property's name and value lie in the bytes {@link #scan} reads. */
    @FunctionalInterface
    public interface Spans {
        /** The {@code index}-th property (from 0) of the bytes, in their order. */
        void property(int index, int nameAt, int nameLength, int valueAt, int valueLength);
    }

    /**
     * Finds the properties in UTF-8 bytes without decoding them, with the rules of {@link #decode(String)}.
     * The separators are single bytes that UTF-8 never uses inside a character, so the bytes need not be
     * decoded to be split; a caller that sees the same names again may keep the strings it made.
     */
    public static void scan(byte[] utf8, int offset, int length, Spans spans) {
        int end = offset + length;
        int index = 0;
        for (int start = offset; start < end; ) {
            int stop = indexOf(utf8, (byte) PROPERTY_SEPARATOR, start, end);
            int split = indexOf(utf8, (byte) NAME_VALUE_SEPARATOR, start, stop);
            if (split < stop) {
                spans.property(index++, start, split - start, split + 1, stop - split - 1);
            }
            start = stop + 1;
        }
    }

    /**
     * The value of the property {@code name} in UTF-8 bytes, decoded, or null: the last one when the name
     * repeats, as {@link #decode(String)} keeps it. Only the value found is decoded; an ASCII name (as every
     * name RocketMQ sets is) is compared with each entry as the bytes are passed, in one pass.
     */
    public static String find(byte[] utf8, int offset, int length, String name) {
        int chars = name.length();
        for (int i = 0; i < chars; i++) {
            char c = name.charAt(i);
            if (c == NAME_VALUE_SEPARATOR || c == PROPERTY_SEPARATOR) {
                return null;
            }
            if (c >= 0x80) {
                return findDecodingNames(utf8, offset, length, name);
            }
        }
        int end = offset + length;
        int valueAt = -1;
        int valueEnd = 0;
        for (int start = offset; start < end; ) {
            int matched = 0;
            while (matched < chars && start + matched < end && utf8[start + matched] == name.charAt(matched)) {
                matched++;
            }
            int at = start + matched;
            if (matched == chars && at < end && utf8[at] == NAME_VALUE_SEPARATOR) {
                valueAt = at + 1;
                valueEnd = indexOf(utf8, (byte) PROPERTY_SEPARATOR, valueAt, end);
                start = valueEnd + 1;
            } else {
                start = indexOf(utf8, (byte) PROPERTY_SEPARATOR, at, end) + 1;
            }
        }
        return valueAt < 0 ? null : new String(utf8, valueAt, valueEnd - valueAt, StandardCharsets.UTF_8);
    }

    /** {@link #find} for a name that is not ASCII: each entry's name is split off and compared. */
    private static String findDecodingNames(byte[] utf8, int offset, int length, String name) {
        int end = offset + length;
        int valueAt = -1;
        int valueLength = 0;
        for (int start = offset; start < end; ) {
            int stop = indexOf(utf8, (byte) PROPERTY_SEPARATOR, start, end);
            int split = indexOf(utf8, (byte) NAME_VALUE_SEPARATOR, start, stop);
            if (split < stop && named(utf8, start, split - start, name)) {
                valueAt = split + 1;
                valueLength = stop - split - 1;
            }
            start = stop + 1;
        }
        return valueAt < 0 ? null : new String(utf8, valueAt, valueLength, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code length} UTF-8 bytes at {@code at} decode to {@code name}. While the bytes are ASCII each
     * is one character, so they are compared as they are; the first other byte decodes the whole name.
     */
    private static boolean named(byte[] utf8, int at, int length, String name) {
        int chars = name.length();
        for (int i = 0; i < length; i++) {
            byte b = utf8[at + i];
            if (b < 0) {
                return new String(utf8, at, length, StandardCharsets.UTF_8).equals(name);
            }
            if (i >= chars || b != name.charAt(i)) {
                return false;
            }
        }
        return length == chars;
    }

    /** The index of {@code b} in {@code [from, to)}, or {@code to}. */
    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** The value of one property in a properties string without building a map, or null. */
    public static String get(String properties, String name) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        int length = properties.length();
        int start = 0;
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = properties.indexOf(NAME_VALUE_SEPARATOR, start);
            if (split >= 0 && split < end && split - start == name.length()
                    && properties.regionMatches(start, name, 0, name.length())) {
                return properties.substring(split + 1, end);
            }
            start = end + 1;
        }
        return null;
    }
}
