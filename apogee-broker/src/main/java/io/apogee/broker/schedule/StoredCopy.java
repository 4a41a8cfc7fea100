package io.apogee.broker.schedule;

import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.store.AppendRequest;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Fills an {@link AppendRequest} with a stored message moved to another topic and queue, with new
 * properties: how a due delayed or timed message reaches its real topic, and how a failed message
 * reaches its retry or dead-letter topic. Born time and host, flag, sysFlag and body travel unchanged.
 *
 * <p>Thread safety: stateless.
 */
public final class StoredCopy {

    private StoredCopy() {
    }

    /** Resets {@code append} and fills it; returns it. */
    public static AppendRequest fill(AppendRequest append, StoredMessage message, String topic, int queueId,
                                     Map<String, String> properties, int reconsumeTimes) {
        append.reset();
        append.topic = topic;
        append.queueId = queueId;
        append.flag = message.flag();
        append.sysFlag = message.sysFlag();
        append.bornTimestamp = message.bornTimestamp();
        append.bornHostIp = message.bornHost().ip();
        append.bornPort = message.bornHost().port();
        append.reconsumeTimes = reconsumeTimes;
        append.body = ByteBuffer.wrap(message.body());
        append.properties = ByteBuffer.wrap(MessageProperties.encodeToBytes(properties));
        return append;
    }
}
