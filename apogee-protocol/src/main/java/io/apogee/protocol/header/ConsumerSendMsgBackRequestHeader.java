package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.booleanOr;
import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireInt;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * CONSUMER_SEND_MSG_BACK request header (36): {@code offset} is the failed message's commit-log
 * offset. Immutable.
 */
public record ConsumerSendMsgBackRequestHeader(
        long offset,
        String group,
        int delayLevel,
        String originMsgId,
        String originTopic,
        boolean unitMode,
        Integer maxReconsumeTimes,
        String brokerName) implements CommandHeader {

    private static final String H = "CONSUMER_SEND_MSG_BACK header";

    public static ConsumerSendMsgBackRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static ConsumerSendMsgBackRequestHeader decode(Map<String, String> f) {
        return new ConsumerSendMsgBackRequestHeader(
                requireLong(f, "offset", H),
                requireString(f, "group", H),
                requireInt(f, "delayLevel", H),
                f.get("originMsgId"),
                f.get("originTopic"),
                booleanOr(f, "unitMode", false, H),
                optionalInt(f, "maxReconsumeTimes", H),
                f.get("bname"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "offset", offset);
        put(f, "group", group);
        put(f, "delayLevel", delayLevel);
        put(f, "originMsgId", originMsgId);
        put(f, "originTopic", originTopic);
        put(f, "unitMode", unitMode);
        put(f, "maxReconsumeTimes", maxReconsumeTimes);
        put(f, "bname", brokerName);
    }
}
