package io.apogee.protocol.codec;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.JSONWriter;
import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.LanguageCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON header as the official Java side writes it: keys in alphabetical order, nulls omitted,
 * the language as its name, every custom header value a string. Decoding accepts any key order
 * and fills missing keys with defaults.
 */
final class JsonHeaderCodec {

    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand command) {
        try (JSONWriter writer = JSONWriter.ofUTF8()) {
            writer.startObject();
            writer.writeName("code");
            writer.writeColon();
            writer.writeInt32(command.code());
            Map<String, String> fields = command.extFields();
            if (fields != null) {
                writer.writeName("extFields");
                writer.writeColon();
                writer.startObject();
                for (Map.Entry<String, String> entry : fields.entrySet()) {
                    if (entry.getKey() == null || entry.getValue() == null) {
                        continue;
                    }
                    writer.writeName(entry.getKey());
                    writer.writeColon();
                    writer.writeString(entry.getValue());
                }
                writer.endObject();
            }
            writer.writeName("flag");
            writer.writeColon();
            writer.writeInt32(command.flag());
            writer.writeName("language");
            writer.writeColon();
            writer.writeString(command.language().name());
            writer.writeName("opaque");
            writer.writeColon();
            writer.writeInt32(command.opaque());
            if (command.remark() != null) {
                writer.writeName("remark");
                writer.writeColon();
                writer.writeString(command.remark());
            }
            writer.writeName("serializeTypeCurrentRPC");
            writer.writeColon();
            writer.writeString(SerializeType.JSON.name());
            writer.writeName("version");
            writer.writeColon();
            writer.writeInt32(command.version());
            writer.endObject();
            return writer.getBytes();
        }
    }

    static RemotingCommand decode(ByteBuffer header) {
        JSONObject json;
        try {
            json = JSON.parseObject(header.array(), header.arrayOffset() + header.position(), header.remaining());
        } catch (JSONException | ClassCastException e) {
            throw new ProtocolException("JSON header: not a JSON object: " + e.getMessage(), e);
        }
        if (json == null) {
            throw new ProtocolException("JSON header: empty");
        }
        try {
            RemotingCommand command = RemotingCommand.empty().serializeType(SerializeType.JSON);
            command.code(json.getIntValue("code"));
            String language = json.getString("language");
            command.language(language == null ? LanguageCode.JAVA : LanguageCode.fromName(language));
            command.version(json.getIntValue("version"));
            command.opaque(json.getIntValue("opaque"));
            command.flag(json.getIntValue("flag"));
            command.remark(json.getString("remark"));
            JSONObject fields = json.getJSONObject("extFields");
            if (fields != null) {
                Map<String, String> map = new HashMap<>(Math.max(4, fields.size() * 2));
                for (Map.Entry<String, Object> entry : fields.entrySet()) {
                    if (entry.getValue() != null) {
                        map.put(entry.getKey(), String.valueOf(entry.getValue()));
                    }
                }
                command.extFields(map);
            }
            return command;
        } catch (JSONException | NumberFormatException | ClassCastException e) {
            throw new ProtocolException("JSON header: bad field: " + e.getMessage(), e);
        }
    }
}
