package io.apogee.protocol.codec;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.LanguageCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ROCKETMQ binary header: fixed fields, a length-prefixed remark and a length-prefixed block of
 * key/value pairs. A zero-length string reads as null, as the official decoder does, and such
 * pairs are dropped. {@link #measure} gives the exact size so the frame encoder can write the
 * header straight into the frame.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class BinaryHeaderCodec {

    /** code 2, language 1, version 2, opaque 4, flag 4, remark length 4, extFields length 4. */
    private static final int FIXED_PART = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private BinaryHeaderCodec() {
    }

    /** The exact number of bytes {@link #write} produces for {@code command}. */
    static int measure(RemotingCommand command) {
        String remark = command.remark();
        return FIXED_PART + (remark == null ? 0 : Utf8.length(remark)) + fieldsLength(command.extFields());
    }

    private static int fieldsLength(Map<String, String> fields) {
        int length = 0;
        if (fields != null) {
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    length += 2 + Utf8.length(entry.getKey()) + 4 + Utf8.length(entry.getValue());
                }
            }
        }
        return length;
    }

    /** Writes the header at {@code p}; returns the position after it. */
    static int write(RemotingCommand command, byte[] out, int p) {
        p = putShort(out, p, command.code());
        out[p++] = command.language().code();
        p = putShort(out, p, command.version());
        p = putInt(out, p, command.opaque());
        p = putInt(out, p, command.flag());
        String remark = command.remark();
        if (remark == null) {
            p = putInt(out, p, 0);
        } else {
            int lengthAt = p;
            p = Utf8.write(remark, out, p + 4);
            putInt(out, lengthAt, p - lengthAt - 4);
        }
        int fieldsAt = p;
        p += 4;
        Map<String, String> fields = command.extFields();
        if (fields != null) {
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                String key = entry.getKey();
                String value = entry.getValue();
                if (key == null || value == null) {
                    continue;
                }
                int keyAt = p;
                p = Utf8.write(key, out, p + 2);
                putShort(out, keyAt, p - keyAt - 2);
                int valueAt = p;
                p = Utf8.write(value, out, p + 4);
                putInt(out, valueAt, p - valueAt - 4);
            }
        }
        putInt(out, fieldsAt, p - fieldsAt - 4);
        return p;
    }

    static RemotingCommand decode(byte[] in, int offset, int length) {
        int end = offset + length;
        if (length < FIXED_PART) {
            throw new ProtocolException("binary header: truncated, " + length + " bytes");
        }
        RemotingCommand command = RemotingCommand.empty().serializeType(SerializeType.ROCKETMQ);
        int p = offset;
        command.code(getShort(in, p));
        command.language(LanguageCode.fromCode(in[p + 2]));
        command.version(getShort(in, p + 3));
        command.opaque(getInt(in, p + 5));
        command.flag(getInt(in, p + 9));
        int remarkLength = getInt(in, p + 13);
        p += 17;
        checkLength(remarkLength, end - p, "remark");
        if (remarkLength > 0) {
            command.remark(Utf8.read(in, p, remarkLength));
            p += remarkLength;
        }
        if (end - p < 4) {
            throw new ProtocolException("binary header: truncated before the extFields length");
        }
        int fieldsLength = getInt(in, p);
        p += 4;
        checkLength(fieldsLength, end - p, "extFields");
        if (fieldsLength > 0) {
            int fieldsEnd = p + fieldsLength;
            // Insertion order is kept so that a decoded header re-encodes to the same bytes.
            Map<String, String> fields = new LinkedHashMap<>(Math.max(16, fieldsLength / 12));
            while (p < fieldsEnd) {
                checkLength(2, fieldsEnd - p, "extFields key length");
                int keyLength = getShort(in, p);
                p += 2;
                checkLength(keyLength, fieldsEnd - p, "extFields key");
                String key = keyLength == 0 ? null : Utf8.read(in, p, keyLength);
                p += keyLength;
                checkLength(4, fieldsEnd - p, "extFields value length");
                int valueLength = getInt(in, p);
                p += 4;
                checkLength(valueLength, fieldsEnd - p, "extFields value");
                String value = valueLength == 0 ? null : Utf8.read(in, p, valueLength);
                p += valueLength;
                if (key != null && value != null) {
                    fields.put(key, value);
                }
            }
            command.extFields(fields);
        }
        return command;
    }

    private static void checkLength(int length, int available, String what) {
        if (length < 0 || length > available) {
            throw new ProtocolException("binary header: " + what + " length " + length
                    + " exceeds the " + available + " bytes left");
        }
    }

    private static int putShort(byte[] out, int p, int value) {
        out[p] = (byte) (value >>> 8);
        out[p + 1] = (byte) value;
        return p + 2;
    }

    private static int putInt(byte[] out, int p, int value) {
        out[p] = (byte) (value >>> 24);
        out[p + 1] = (byte) (value >>> 16);
        out[p + 2] = (byte) (value >>> 8);
        out[p + 3] = (byte) value;
        return p + 4;
    }

    private static short getShort(byte[] in, int p) {
        return (short) ((in[p] << 8) | (in[p + 1] & 0xFF));
    }

    private static int getInt(byte[] in, int p) {
        return (in[p] << 24) | ((in[p + 1] & 0xFF) << 16) | ((in[p + 2] & 0xFF) << 8) | (in[p + 3] & 0xFF);
    }
}
