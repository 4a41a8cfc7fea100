package io.apogee.protocol.body;

import io.apogee.protocol.ProtocolException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The body of GET/UPDATE_BROKER_CONFIG and GET/UPDATE_NAMESRV_CONFIG: settings as {@code key=value} lines,
 * in the format {@link Properties#load} reads (a backslash or line break in a value is escaped).
 *
 * <p>Thread safety: stateless.
 */
public final class PropertiesBody {

    private PropertiesBody() {
    }

    public static byte[] encode(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ProtocolException when the body is missing or not properties text */
    public static Properties decode(byte[] body) {
        if (body == null) {
            throw new ProtocolException("settings body: missing");
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProtocolException("settings body: " + e.getMessage(), e);
        }
        return properties;
    }

    private static String escape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
