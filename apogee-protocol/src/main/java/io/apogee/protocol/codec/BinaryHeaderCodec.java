package io.apogee.protocol.codec;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.LanguageCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ROCKETMQ binary header: fixed fields, a length-prefixed remark and a length-prefixed block of
 * key/value pairs. A zero-length string reads as null, as the official decoder does.
 */
final class BinaryHeaderCodec {

    private static final int FIXED_PART = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private BinaryHeaderCodec() {
    }

    static byte[] encode(RemotingCommand command) {
        byte[] remark = command.remark() == null ? null : command.remark().getBytes(StandardCharsets.UTF_8);
        int fieldsLength = 0;
        Map<String, String> fields = command.extFields();
        byte[][] encoded = null;
        if (fields != null && !fields.isEmpty()) {
            encoded = new byte[fields.size() * 2][];
            int i = 0;
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                if (entry.getKey() == null || entry.getValue() == null) {
                    continue;
                }
                byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
                encoded[i++] = key;
                encoded[i++] = value;
                fieldsLength += 2 + key.length + 4 + value.length;
            }
        }
        int remarkLength = remark == null ? 0 : remark.length;
        ByteBuffer out = ByteBuffer.allocate(FIXED_PART + remarkLength + fieldsLength);
        out.putShort((short) command.code());
        out.put(command.language().code());
        out.putShort((short) command.version());
        out.putInt(command.opaque());
        out.putInt(command.flag());
        out.putInt(remarkLength);
        if (remark != null) {
            out.put(remark);
        }
        out.putInt(fieldsLength);
        if (encoded != null) {
            for (int i = 0; i < encoded.length && encoded[i] != null; i += 2) {
                out.putShort((short) encoded[i].length);
                out.put(encoded[i]);
                out.putInt(encoded[i + 1].length);
                out.put(encoded[i + 1]);
            }
        }
        return out.array();
    }

    static RemotingCommand decode(ByteBuffer header) {
        try {
            RemotingCommand command = RemotingCommand.empty().serializeType(SerializeType.ROCKETMQ);
            command.code(header.getShort());
            command.language(LanguageCode.fromCode(header.get()));
            command.version(header.getShort());
            command.opaque(header.getInt());
            command.flag(header.getInt());
            command.remark(readString(header, header.getInt(), "remark"));
            int fieldsLength = header.getInt();
            if (fieldsLength < 0 || fieldsLength > header.remaining()) {
                throw new ProtocolException("binary header: extFields length " + fieldsLength
                        + " exceeds the " + header.remaining() + " header bytes left");
            }
            if (fieldsLength > 0) {
                // Insertion order is kept so that a decoded header re-encodes to the same bytes.
                Map<String, String> fields = new LinkedHashMap<>();
                int end = header.position() + fieldsLength;
                while (header.position() < end) {
                    String key = readString(header, header.getShort(), "extFields key");
                    String value = readString(header, header.getInt(), "extFields value");
                    if (key != null && value != null) {
                        fields.put(key, value);
                    }
                }
                command.extFields(fields);
            }
            return command;
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("binary header: truncated", e);
        }
    }

    private static String readString(ByteBuffer buffer, int length, String what) {
        if (length < 0 || length > buffer.remaining()) {
            throw new ProtocolException("binary header: " + what + " length " + length
                    + " exceeds the " + buffer.remaining() + " header bytes left");
        }
        if (length == 0) {
            return null;
        }
        String value = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length,
                StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }
}
