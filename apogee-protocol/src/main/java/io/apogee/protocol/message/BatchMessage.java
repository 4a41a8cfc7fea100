package io.apogee.protocol.message;

import java.util.Arrays;
import java.util.Map;

/**
 * One message of a batch body (section 4.4).
 *
 * @param properties the raw properties string of this message
 *
 * <p>Thread safety: immutable if the body array is not changed by its holder.
 */
public record BatchMessage(int flag, byte[] body, String properties) {

    public Map<String, String> propertyMap() {
        return MessageProperties.decode(properties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchMessage m && flag == m.flag && Arrays.equals(body, m.body)
                && properties.equals(m.properties);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(body) * 31 + properties.hashCode();
    }

    @Override
    public String toString() {
        return "BatchMessage[flag=" + flag + ", body=" + body.length + " B, properties=" + propertyMap() + "]";
    }
}
