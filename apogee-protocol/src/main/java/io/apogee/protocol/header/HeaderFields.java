package io.apogee.protocol.header;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.RemotingCommand;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads and writes typed values in a command's {@code extFields}, where every value travels as a
 * string. Readers name the header and the field in every {@link ProtocolException} so the error can
 * go back to the peer as a remark; they never let a {@link NumberFormatException} or a
 * {@link NullPointerException} escape.
 *
 * <p>The happy path does one map lookup and one parse per field and allocates nothing beyond the
 * parsed value, because the send and pull headers are read on every message.
 *
 * <p>Thread safety: stateless; safe from any thread as long as the map is not mutated concurrently.
 */
public final class HeaderFields {

    private HeaderFields() {
    }

    /** The command's custom header for reading: its {@code extFields}, or an empty map when it has none. */
    public static Map<String, String> of(RemotingCommand command) {
        Map<String, String> fields = command.extFields();
        return fields != null ? fields : Map.of();
    }

    /** The command's custom header for writing: its {@code extFields}, created when absent. */
    public static Map<String, String> writable(RemotingCommand command) {
        Map<String, String> fields = command.extFields();
        if (fields == null) {
            fields = new HashMap<>();
            command.extFields(fields);
        }
        return fields;
    }

    public static String requireString(Map<String, String> fields, String key, String header) {
        String value = fields.get(key);
        if (value == null) {
            throw missing(key, header);
        }
        return value;
    }

    public static int requireInt(Map<String, String> fields, String key, String header) {
        return parseInt(requireString(fields, key, header), key, header);
    }

    public static long requireLong(Map<String, String> fields, String key, String header) {
        return parseLong(requireString(fields, key, header), key, header);
    }

    public static boolean requireBoolean(Map<String, String> fields, String key, String header) {
        return parseBoolean(requireString(fields, key, header), key, header);
    }

    public static String optionalString(Map<String, String> fields, String key) {
        return fields.get(key);
    }

    public static Integer optionalInt(Map<String, String> fields, String key, String header) {
        String value = fields.get(key);
        return value == null ? null : parseInt(value, key, header);
    }

    public static Long optionalLong(Map<String, String> fields, String key, String header) {
        String value = fields.get(key);
        return value == null ? null : parseLong(value, key, header);
    }

    public static Boolean optionalBoolean(Map<String, String> fields, String key, String header) {
        String value = fields.get(key);
        return value == null ? null : parseBoolean(value, key, header);
    }

    public static int intOr(Map<String, String> fields, String key, int absent, String header) {
        String value = fields.get(key);
        return value == null ? absent : parseInt(value, key, header);
    }

    public static long longOr(Map<String, String> fields, String key, long absent, String header) {
        String value = fields.get(key);
        return value == null ? absent : parseLong(value, key, header);
    }

    public static boolean booleanOr(Map<String, String> fields, String key, boolean absent, String header) {
        String value = fields.get(key);
        return value == null ? absent : parseBoolean(value, key, header);
    }

    /** Puts a value; a null value is left out, as the official side omits null fields. */
    public static void put(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }

    public static void put(Map<String, String> fields, String key, int value) {
        fields.put(key, Integer.toString(value));
    }

    public static void put(Map<String, String> fields, String key, long value) {
        fields.put(key, Long.toString(value));
    }

    public static void put(Map<String, String> fields, String key, boolean value) {
        fields.put(key, value ? "true" : "false");
    }

    /** Puts a boxed number or boolean by its decimal or {@code true}/{@code false} text; null is left out. */
    public static void put(Map<String, String> fields, String key, Object value) {
        if (value != null) {
            fields.put(key, value.toString());
        }
    }

    static ProtocolException missing(String key, String header) {
        return new ProtocolException(header + ": missing required field '" + key + "'");
    }

    private static int parseInt(String value, String key, String header) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw unparsable(value, key, header, "an int");
        }
    }

    private static long parseLong(String value, String key, String header) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw unparsable(value, key, header, "a long");
        }
    }

    private static boolean parseBoolean(String value, String key, String header) {
        // The Java side writes exactly "true"/"false"; anything else is a broken peer, not "false".
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw unparsable(value, key, header, "a boolean");
    }

    private static ProtocolException unparsable(String value, String key, String header, String what) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new ProtocolException(header + ": field '" + key + "' is not " + what + ": \"" + shown + "\"");
    }
}
