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
        decodeInto(properties, map);
        return map;
    }

    /** Decodes a properties string into the given map, in the string's order; null or empty adds nothing. */
    public static void decodeInto(String properties, Map<String, String> map) {
        if (properties == null || properties.isEmpty()) {
            return;
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
    }

    public static Map<String, String> decode(byte[] utf8, int offset, int length) {
        return decode(new String(utf8, offset, length, StandardCharsets.UTF_8));
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
