package io.apogee.protocol.codec;

import io.apogee.protocol.command.RemotingCommand;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the JSON header straight into a byte array, in the official key order (alphabetical,
 * nulls left out, the language as its name), sizing the array from the command up front so that
 * it rarely grows.
 *
 * <p>Thread safety: one instance per encoding, confined to the calling thread.
 */
final class JsonHeaderWriter {

    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
    private static final byte[] FLAG = ascii(",\"flag\":");
    private static final byte[] LANGUAGE = ascii(",\"language\":");
    private static final byte[] OPAQUE = ascii(",\"opaque\":");
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] TAIL = ascii(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private byte[] buffer;
    private int position;
    private final int start;

    private JsonHeaderWriter(int capacity, int reserved) {
        this.buffer = new byte[capacity];
        this.position = reserved;
        this.start = reserved;
    }

    /**
     * Writes {@code command}'s header after {@code reserved} leading bytes and returns the writer;
     * the header occupies {@code [reserved, position())} of {@link #buffer()}.
     */
    static JsonHeaderWriter write(RemotingCommand command, int reserved) {
        Map<String, String> fields = command.extFields();
        String remark = command.remark();
        int estimate = 160 + (remark == null ? 0 : remark.length() + 2);
        if (fields != null) {
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                String key = entry.getKey();
                String value = entry.getValue();
                estimate += 6 + (key == null ? 0 : key.length()) + (value == null ? 0 : value.length());
            }
        }
        JsonHeaderWriter writer = new JsonHeaderWriter(reserved + estimate, reserved);
        writer.writeHeader(command, fields, remark);
        return writer;
    }

    byte[] buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    int headerLength() {
        return position - start;
    }

    private void writeHeader(RemotingCommand command, Map<String, String> fields, String remark) {
        raw(CODE);
        number(command.code());
        if (fields != null) {
            raw(EXT_FIELDS);
            boolean first = true;
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                if (entry.getKey() == null || entry.getValue() == null) {
                    continue;
                }
                if (!first) {
                    ensure(1);
                    buffer[position++] = ',';
                }
                first = false;
                string(entry.getKey());
                ensure(1);
                buffer[position++] = ':';
                string(entry.getValue());
            }
            ensure(1);
            buffer[position++] = '}';
        }
        raw(FLAG);
        number(command.flag());
        raw(LANGUAGE);
        string(command.language().name());
        raw(OPAQUE);
        number(command.opaque());
        if (remark != null) {
            raw(REMARK);
            string(remark);
        }
        raw(TAIL);
        number(command.version());
        ensure(1);
        buffer[position++] = '}';
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void number(int value) {
        // Integer.toString allocates a short Latin-1 string; its bytes are the JSON number.
        String text = Integer.toString(value);
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[position++] = (byte) text.charAt(i);
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped, the rest raw UTF-8. */
    private void string(String value) {
        int length = value.length();
        ensure(length + 2);
        byte[] out = buffer;
        int p = position;
        out[p++] = '"';
        int i = 0;
        // Fast path: plain ASCII needs neither escaping nor multi-byte encoding.
        for (; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            out[p++] = (byte) c;
        }
        position = p;
        if (i < length) {
            slowString(value, i);
        }
        ensure(1);
        buffer[position++] = '"';
    }

    private void slowString(String value, int from) {
        int length = value.length();
        for (int i = from; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                ensure(2);
                buffer[position++] = '\\';
                buffer[position++] = (byte) c;
            } else if (c < 0x20) {
                ensure(6);
                buffer[position++] = '\\';
                buffer[position++] = 'u';
                buffer[position++] = '0';
                buffer[position++] = '0';
                buffer[position++] = HEX[c >> 4];
                buffer[position++] = HEX[c & 0xF];
            } else if (c < 0x80) {
                ensure(1);
                buffer[position++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                buffer[position++] = (byte) (0xC0 | (c >> 6));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                ensure(4);
                buffer[position++] = (byte) (0xF0 | (cp >> 18));
                buffer[position++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // An unpaired surrogate has no UTF-8 form; write '?' as String.getBytes does.
                ensure(1);
                buffer[position++] = '?';
            } else {
                ensure(3);
                buffer[position++] = (byte) (0xE0 | (c >> 12));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
