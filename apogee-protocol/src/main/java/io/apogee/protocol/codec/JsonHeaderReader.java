package io.apogee.protocol.codec;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.LanguageCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a JSON header straight from the frame's bytes into a command: one pass, no intermediate
 * JSON tree, the custom header read directly into the command's map. Accepts any key order,
 * whitespace, unknown keys (skipped whatever their value), and non-string values inside
 * {@code extFields} (kept as their JSON text); missing keys take the protocol defaults.
 *
 * <p>Every malformed input ends in a {@link ProtocolException} naming the byte offset.
 *
 * <p>Thread safety: one instance per decoding, confined to the calling thread.
 */
final class JsonHeaderReader {

    /** Deeper nesting than this in an unknown value is rejected rather than recursed into. */
    private static final int MAX_DEPTH = 64;

    private final byte[] in;
    private final int start;
    private final int end;
    private int p;

    private JsonHeaderReader(byte[] in, int offset, int length) {
        this.in = in;
        this.start = offset;
        this.end = offset + length;
        this.p = offset;
    }

    static RemotingCommand read(byte[] bytes, int offset, int length) {
        return new JsonHeaderReader(bytes, offset, length).readCommand();
    }

    private RemotingCommand readCommand() {
        RemotingCommand command = RemotingCommand.empty().serializeType(SerializeType.JSON).version(0);
        expect('{');
        if (peek() == '}') {
            p++;
        } else {
            do {
                String key = readString();
                expect(':');
                readMember(command, key);
            } while (nextIsComma('}'));
        }
        skipWhitespace();
        if (p != end) {
            throw error("trailing bytes after the header object");
        }
        return command;
    }

    private void readMember(RemotingCommand command, String key) {
        switch (key) {
            case "code" -> command.code(readInt());
            case "flag" -> command.flag(readInt());
            case "opaque" -> command.opaque(readInt());
            case "version" -> command.version(readInt());
            case "language" -> {
                String language = readNullableString();
                command.language(language == null ? LanguageCode.JAVA : LanguageCode.fromName(language));
            }
            case "remark" -> command.remark(readNullableString());
            case "extFields" -> command.extFields(readFields());
            default -> skipValue(0);
        }
    }

    private Map<String, String> readFields() {
        if (peek() == 'n') {
            literal("null");
            return null;
        }
        expect('{');
        // Sized for a send header (13 keys) without a resize.
        Map<String, String> fields = new HashMap<>(32);
        if (peek() == '}') {
            p++;
            return fields;
        }
        do {
            String key = readString();
            expect(':');
            String value = readFieldValue();
            if (value != null) {
                fields.put(key, value);
            }
        } while (nextIsComma('}'));
        return fields;
    }

    /** A custom-header value: a string as is, a number or boolean as its text, null as absent. */
    private String readFieldValue() {
        byte b = peek();
        if (b == '"') {
            return readString();
        }
        if (b == 'n') {
            literal("null");
            return null;
        }
        if (b == '{' || b == '[') {
            throw error("extFields value is not a scalar");
        }
        int from = p;
        skipValue(0);
        return new String(in, from, p - from, StandardCharsets.ISO_8859_1);
    }

    private int readInt() {
        skipWhitespace();
        boolean negative = false;
        if (p < end && in[p] == '-') {
            negative = true;
            p++;
        }
        int from = p;
        long value = 0;
        while (p < end && in[p] >= '0' && in[p] <= '9') {
            value = value * 10 + (in[p++] - '0');
            if (value > 0x80000000L) {
                throw error("number out of int range");
            }
        }
        if (p == from) {
            throw error("expected a number");
        }
        if (p < end && (in[p] == '.' || in[p] == 'e' || in[p] == 'E')) {
            throw error("expected an integer");
        }
        value = negative ? -value : value;
        if (value > Integer.MAX_VALUE) {
            throw error("number out of int range");
        }
        return (int) value;
    }

    private String readNullableString() {
        if (peek() == 'n') {
            literal("null");
            return null;
        }
        return readString();
    }

    private String readString() {
        expect('"');
        int from = p;
        boolean ascii = true;
        while (p < end) {
            byte b = in[p];
            if (b == '"') {
                String value = Utf8.read(in, from, p - from, ascii);
                p++;
                return value;
            }
            if (b == '\\') {
                return ascii ? readEscapedLatin1(from) : readEscapedString(from);
            }
            if (b >= 0 && b < 0x20) {
                throw error("control character in a string");
            }
            ascii &= b >= 0;
            p++;
        }
        throw error("unterminated string");
    }

    /**
     * Strings with escapes whose raw bytes so far were ASCII, such as RocketMQ's properties
     * string with its escaped 0x01/0x02 separators: unescaped into one Latin-1 byte array while every
     * character fits a byte, else handed to {@link #readEscapedString}.
     */
    private String readEscapedLatin1(int from) {
        int restart = p;
        byte[] out = new byte[end - from];
        int n = p - from;
        System.arraycopy(in, from, out, 0, n);
        while (p < end) {
            byte b = in[p];
            if (b == '"') {
                p++;
                return new String(out, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20) {
                // Non-ASCII (negative) or a control byte: let the general path decide.
                break;
            }
            if (b != '\\') {
                out[n++] = b;
                p++;
                continue;
            }
            if (p + 1 >= end) {
                break;
            }
            byte escape = in[p + 1];
            char c;
            if (escape == 'u') {
                p += 2;
                c = readHexChar();
                if (c >= 0x100) {
                    break;
                }
            } else {
                c = unescape(escape);
                p += 2;
            }
            out[n++] = (byte) c;
        }
        p = restart;
        return readEscapedString(from);
    }

    /** The general path for strings with escapes: rebuilt char by char. */
    private String readEscapedString(int from) {
        StringBuilder out = new StringBuilder(p - from + 16);
        out.append(new String(in, from, p - from, StandardCharsets.UTF_8));
        int chunk = p;
        while (p < end) {
            byte b = in[p];
            if (b == '"') {
                out.append(new String(in, chunk, p - chunk, StandardCharsets.UTF_8));
                p++;
                return out.toString();
            }
            if (b >= 0 && b < 0x20) {
                throw error("control character in a string");
            }
            if (b != '\\') {
                p++;
                continue;
            }
            out.append(new String(in, chunk, p - chunk, StandardCharsets.UTF_8));
            if (++p >= end) {
                break;
            }
            byte escape = in[p++];
            out.append(escape == 'u' ? readHexChar() : unescape(escape));
            chunk = p;
        }
        throw error("unterminated string");
    }

    private char unescape(byte escape) {
        return switch (escape) {
            case '"', '\\', '/' -> (char) escape;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> throw error("bad escape \\" + (char) (escape & 0xFF));
        };
    }

    private char readHexChar() {
        if (p + 4 > end) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in[p++], 16);
            if (digit < 0) {
                throw error("bad \\u escape");
            }
            value = value << 4 | digit;
        }
        return (char) value;
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        byte b = peek();
        switch (b) {
            case '"' -> readString();
            case '{' -> {
                p++;
                if (peek() == '}') {
                    p++;
                    return;
                }
                do {
                    readString();
                    expect(':');
                    skipValue(depth + 1);
                } while (nextIsComma('}'));
            }
            case '[' -> {
                p++;
                if (peek() == ']') {
                    p++;
                    return;
                }
                do {
                    skipValue(depth + 1);
                } while (nextIsComma(']'));
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> skipNumber();
        }
    }

    private void skipNumber() {
        int from = p;
        while (p < end && (in[p] >= '0' && in[p] <= '9' || in[p] == '-' || in[p] == '+' || in[p] == '.'
                || in[p] == 'e' || in[p] == 'E')) {
            p++;
        }
        if (p == from) {
            throw error("unexpected byte");
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (p >= end || in[p] != word.charAt(i)) {
                throw error("expected " + word);
            }
            p++;
        }
    }

    /** After a member: true on ',', false on {@code close}; anything else is an error. */
    private boolean nextIsComma(char close) {
        byte b = peek();
        p++;
        if (b == ',') {
            return true;
        }
        if (b == close) {
            return false;
        }
        p--;
        throw error("expected ',' or '" + close + "'");
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        p++;
    }

    /** The next non-whitespace byte, without consuming it. */
    private byte peek() {
        skipWhitespace();
        if (p >= end) {
            throw error("unexpected end of header");
        }
        return in[p];
    }

    private void skipWhitespace() {
        while (p < end && (in[p] == ' ' || in[p] == '\n' || in[p] == '\r' || in[p] == '\t')) {
            p++;
        }
    }

    private ProtocolException error(String what) {
        return new ProtocolException("JSON header: " + what + " at byte " + (p - start));
    }
}
