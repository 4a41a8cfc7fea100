package io.apogee.client.message;

import io.apogee.protocol.message.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of a delivered message as its record carried them, still encoded, plus the few the client
 * sets before anyone reads them (the queue's offset range). A consumer that reads only the body never pays
 * for a map of strings; a single property is found in the bytes; the first caller that wants the map gets
 * it decoded once, with the same content and order as if it had been decoded on arrival.
 *
 * <p>Thread safety: not thread-safe; owned by its message.
 */
final class EncodedProperties {

    /** Properties set while encoded, beyond which the message decodes its map instead. */
    private static final int MAX_SET = 4;

    private final byte[] utf8;
    /** Names and values set since delivery, in order; a null value removed the name. */
    private final String[] set = new String[MAX_SET * 2];
    private int setCount;

    /** Takes {@code utf8} (the record's properties bytes) as it is; the caller must not change it. */
    EncodedProperties(byte[] utf8) {
        this.utf8 = utf8;
    }

    String get(String name) {
        for (int i = setCount - 1; i >= 0; i--) {
            if (set[2 * i].equals(name)) {
                return set[2 * i + 1];
            }
        }
        return MessageProperties.find(utf8, 0, utf8.length, name);
    }

    /** Records {@code name} set to {@code value} (null removes it); false when full, and nothing changed. */
    boolean put(String name, String value) {
        if (setCount == MAX_SET) {
            return false;
        }
        set[2 * setCount] = name;
        set[2 * setCount + 1] = value;
        setCount++;
        return true;
    }

    /** The properties as an insertion-ordered map: the record's, then those set since, applied in order. */
    Map<String, String> decode() {
        Map<String, String> map = new LinkedHashMap<>();
        MessageProperties.scan(utf8, 0, utf8.length, (index, nameAt, nameLength, valueAt, valueLength) ->
                map.put(new String(utf8, nameAt, nameLength, StandardCharsets.UTF_8),
                        new String(utf8, valueAt, valueLength, StandardCharsets.UTF_8)));
        for (int i = 0; i < setCount; i++) {
            if (set[2 * i + 1] == null) {
                map.remove(set[2 * i]);
            } else {
                map.put(set[2 * i], set[2 * i + 1]);
            }
        }
        return map;
    }
}
