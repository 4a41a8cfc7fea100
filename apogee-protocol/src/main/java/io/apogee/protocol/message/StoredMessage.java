package io.apogee.protocol.message;

import java.util.Arrays;
import java.util.Map;

/**
 * A fully decoded stored-layout message, for clients, tools and tests. The store itself never builds
 * one: it writes with {@link StoredMessageWriter} and reads with {@link StoredMessageView}.
 *
 * @param magic      {@link StoredMessageLayout#MAGIC_V1} or {@link StoredMessageLayout#MAGIC_V2}
 * @param properties the raw properties string, kept as stored so re-encoding is byte-identical
 *
 * <p>Thread safety: immutable if the body array is not changed by its holder.
 */
public record StoredMessage(int magic, int bodyCrc, int queueId, int flag, long queueOffset, long physicalOffset,
                            int sysFlag, long bornTimestamp, HostAddress bornHost, long storeTimestamp,
                            HostAddress storeHost, int reconsumeTimes, long preparedTransactionOffset, byte[] body,
                            String topic, String properties) {

    /** The properties decoded into an ordered map. */
    public Map<String, String> propertyMap() {
        return MessageProperties.decode(properties);
    }

    public String property(String name) {
        return MessageProperties.get(properties, name);
    }

    /** The offset message id (section 4.7) of this message. */
    public String offsetMessageId() {
        return OffsetMessageId.encode(storeHost, physicalOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage m && magic == m.magic && bodyCrc == m.bodyCrc && queueId == m.queueId
                && flag == m.flag && queueOffset == m.queueOffset && physicalOffset == m.physicalOffset
                && sysFlag == m.sysFlag && bornTimestamp == m.bornTimestamp && bornHost.equals(m.bornHost)
                && storeTimestamp == m.storeTimestamp && storeHost.equals(m.storeHost)
                && reconsumeTimes == m.reconsumeTimes && preparedTransactionOffset == m.preparedTransactionOffset
                && Arrays.equals(body, m.body) && topic.equals(m.topic) && properties.equals(m.properties);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(physicalOffset) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StoredMessage[topic=" + topic + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", physicalOffset=" + physicalOffset + ", body=" + body.length + " B, properties="
                + propertyMap() + "]";
    }
}
