package io.apogee.client.message;

import io.apogee.protocol.message.MessageConst;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message to send: topic, body, flag and properties (tags, keys and user properties travel as
 * properties, as on the wire). Named and shaped like RocketMQ's {@code Message}.
 *
 * <p>Thread safety: not thread-safe. A producer reads and amends it (adds the client message id)
 * during a send, so do not change or resend it concurrently.
 */
public class Message {

    private String topic;
    private int flag;
    /** The properties as a map; null while a delivered message's are still {@link #encoded}. */
    private Map<String, String> properties;
    /** A delivered message's properties until something needs them as a map; then null. */
    private EncodedProperties encoded;
    private byte[] body;

    public Message() {
        properties = new LinkedHashMap<>();
    }

    /** A delivered message whose properties are decoded when something asks for the map. */
    Message(EncodedProperties encoded) {
        this.encoded = encoded;
    }

    public Message(String topic, byte[] body) {
        this(topic, null, null, body);
    }

    public Message(String topic, String tags, byte[] body) {
        this(topic, tags, null, body);
    }

    public Message(String topic, String tags, String keys, byte[] body) {
        this.properties = new LinkedHashMap<>();
        this.topic = topic;
        this.body = body;
        setTags(tags);
        setKeys(keys);
        setWaitStoreMsgOK(true);
    }

    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public int getFlag() { return flag; }
    public void setFlag(int flag) { this.flag = flag; }
    public byte[] getBody() { return body; }
    public void setBody(byte[] body) { this.body = body; }

    public String getTags() { return getProperty(MessageConst.PROPERTY_TAGS); }
    public void setTags(String tags) { putProperty(MessageConst.PROPERTY_TAGS, tags); }
    public String getKeys() { return getProperty(MessageConst.PROPERTY_KEYS); }
    public void setKeys(String keys) { putProperty(MessageConst.PROPERTY_KEYS, keys); }

    /** Sets several keys, joined with the wire's key separator. */
    public void setKeys(Collection<String> keys) {
        setKeys(String.join(MessageConst.KEY_SEPARATOR, keys));
    }

    public int getDelayTimeLevel() {
        String level = getProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        return level == null ? 0 : Integer.parseInt(level);
    }

    public void setDelayTimeLevel(int level) {
        putProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL, level > 0 ? Integer.toString(level) : null);
    }

    public boolean isWaitStoreMsgOK() {
        return !"false".equals(getProperty(MessageConst.PROPERTY_WAIT_STORE_MSG_OK));
    }

    public void setWaitStoreMsgOK(boolean wait) {
        putProperty(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, Boolean.toString(wait));
    }

    /** A user property; reserved names are rejected so they cannot be forged by accident. */
    public void putUserProperty(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("a user property needs a name and a value");
        }
        putProperty(name, value);
    }

    public String getUserProperty(String name) {
        return getProperty(name);
    }

    public String getProperty(String name) {
        return encoded != null ? encoded.get(name) : properties.get(name);
    }

    /** Sets a property; null removes it. */
    public void putProperty(String name, String value) {
        if (encoded != null && encoded.put(name, value)) {
            return;
        }
        Map<String, String> map = getProperties();
        if (value == null) {
            map.remove(name);
        } else {
            map.put(name, value);
        }
    }

    /** The properties in insertion order; live view. */
    public Map<String, String> getProperties() {
        if (encoded != null) {
            properties = encoded.decode();
            encoded = null;
        }
        return properties;
    }

    /** The client-assigned message id (UNIQ_KEY), once a producer has sent it. */
    public String getMsgIdFromProperties() {
        return getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[topic=" + topic + ", flag=" + flag + ", properties=" + getProperties()
                + ", body=" + (body == null ? "null" : body.length + " B") + "]";
    }
}
