package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.booleanOr;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_CONSUMER_RUNNING_INFO request header (307): which client of which group, and whether its thread
 * dump is wanted. The broker passes it on to that client unchanged. Immutable.
 */
public record GetConsumerRunningInfoRequestHeader(
        String consumerGroup,
        String clientId,
        boolean jstackEnable) implements CommandHeader {

    private static final String H = "GET_CONSUMER_RUNNING_INFO header";

    public static GetConsumerRunningInfoRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetConsumerRunningInfoRequestHeader decode(Map<String, String> f) {
        return new GetConsumerRunningInfoRequestHeader(
                requireString(f, "consumerGroup", H),
                requireString(f, "clientId", H),
                booleanOr(f, "jstackEnable", false, H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
        put(f, "clientId", clientId);
        put(f, "jstackEnable", jstackEnable);
    }
}
