package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * NOTIFY_CONSUMER_IDS_CHANGED request header (40), broker to client, oneway. Immutable.
 */
public record NotifyConsumerIdsChangedRequestHeader(
        String consumerGroup) implements CommandHeader {

    private static final String H = "NOTIFY_CONSUMER_IDS_CHANGED header";

    public static NotifyConsumerIdsChangedRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static NotifyConsumerIdsChangedRequestHeader decode(Map<String, String> f) {
        return new NotifyConsumerIdsChangedRequestHeader(
                requireString(f, "consumerGroup", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "consumerGroup", consumerGroup);
    }
}
