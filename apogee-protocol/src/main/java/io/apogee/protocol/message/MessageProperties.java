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
