package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * CONSUME_MESSAGE_DIRECTLY request header (309): the message (an offset message id) that one client of a
 * group is asked to consume now. The broker adds its name and the topic's and group's system flags, and the
 * stored message as the body, before passing it on to that client. Immutable.
 */
public record ConsumeMessageDirectlyResultRequestHeader(
        String consumerGroup,
        String clientId,
        String msgId,
        String brokerName,
        String topic,
        Integer topicSysFlag,
        Integer groupSysFlag) implements CommandHeader {

    private static final String H = "CONSUME_MESSAGE_DIRECTLY header";

    public static ConsumeMessageDirectlyResultRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static ConsumeMessageDirectlyResultRequestHeader decode(Map<String, String> f) {
        return new ConsumeMessageDirectlyResultRequestHeader(
                requireString(f, "consumerGroup", H),
                f.get("clientId"),
                requireString(f, "msgId", H),
                f.get("brokerName"),
                f.get("topic"),
                optionalInt(f, "topicSysFlag", H),
                optionalInt(f, "groupSysFlag", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
        put(f, "clientId", clientId);
        put(f, "msgId", msgId);
        put(f, "brokerName", brokerName);
        put(f, "topic", topic);
        put(f, "topicSysFlag", topicSysFlag);
        put(f, "groupSysFlag", groupSysFlag);
    }
}
