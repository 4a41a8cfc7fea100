package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * PULL_MESSAGE request header. {@code sysFlag} holds the {@code FLAG_*} bits below; the 5.3.3 push
 * consumer sends no SUBSCRIPTION flag, so the broker filters with the heartbeat's subscription.
 * {@code proxyFrowardClientId} keeps RocketMQ's spelling because it is the wire key. Immutable.
 */
public record PullMessageRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        long queueOffset,
        int maxMsgNums,
        int sysFlag,
        long commitOffset,
        long suspendTimeoutMillis,
        String subscription,
        long subVersion,
        String expressionType,
        Integer maxMsgBytes,
        Integer requestSource,
        String proxyFrowardClientId,
        String brokerName) implements CommandHeader {

    /** commitOffset carries the consumer's committed offset. */
    public static final int FLAG_COMMIT_OFFSET = 0x1;
    /** The broker may hold the request until a message arrives. */
    public static final int FLAG_SUSPEND = 0x2;
    /** Filter with {@code subscription} from this header instead of the heartbeat's. */
    public static final int FLAG_SUBSCRIPTION = 0x4;
    public static final int FLAG_CLASS_FILTER = 0x8;
    public static final int FLAG_LITE_PULL = 0x10;

    private static final String H = "PULL_MESSAGE header";

    public static PullMessageRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static PullMessageRequestHeader decode(Map<String, String> f) {
        return new PullMessageRequestHeader(
                requireString(f, "consumerGroup", H),
                requireString(f, "topic", H),
                requireInt(f, "queueId", H),
                requireLong(f, "queueOffset", H),
                requireInt(f, "maxMsgNums", H),
                requireInt(f, "sysFlag", H),
                requireLong(f, "commitOffset", H),
                requireLong(f, "suspendTimeoutMillis", H),
                f.get("subscription"),
                requireLong(f, "subVersion", H),
                f.get("expressionType"),
                optionalInt(f, "maxMsgBytes", H),
                optionalInt(f, "requestSource", H),
                f.get("proxyFrowardClientId"),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
        put(f, "topic", topic);
        put(f, "queueId", queueId);
        put(f, "queueOffset", queueOffset);
        put(f, "maxMsgNums", maxMsgNums);
        put(f, "sysFlag", sysFlag);
        put(f, "commitOffset", commitOffset);
        put(f, "suspendTimeoutMillis", suspendTimeoutMillis);
        put(f, "subscription", subscription);
        put(f, "subVersion", subVersion);
        put(f, "expressionType", expressionType);
        put(f, "maxMsgBytes", maxMsgBytes);
        put(f, "requestSource", requestSource);
        put(f, "proxyFrowardClientId", proxyFrowardClientId);
        put(f, "bname", brokerName);
    }

    public boolean hasCommitOffset() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    public boolean isSuspendAllowed() {
        return (sysFlag & FLAG_SUSPEND) != 0;
    }

    public boolean hasSubscription() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0;
    }
}
