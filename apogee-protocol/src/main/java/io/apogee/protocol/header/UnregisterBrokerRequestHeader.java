package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * UNREGISTER_BROKER request header (104). Immutable.
 */
public record UnregisterBrokerRequestHeader(
        String brokerName,
        String brokerAddr,
        String clusterName,
        long brokerId) implements CommandHeader {

    private static final String H = "UNREGISTER_BROKER header";

    public static UnregisterBrokerRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static UnregisterBrokerRequestHeader decode(Map<String, String> f) {
        return new UnregisterBrokerRequestHeader(
                requireString(f, "brokerName", H),
                requireString(f, "brokerAddr", H),
                requireString(f, "clusterName", H),
                requireLong(f, "brokerId", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "brokerName", brokerName);
        put(f, "brokerAddr", brokerAddr);
        put(f, "clusterName", clusterName);
        put(f, "brokerId", brokerId);
    }
}
