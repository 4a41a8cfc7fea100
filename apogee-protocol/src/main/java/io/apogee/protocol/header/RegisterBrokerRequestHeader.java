package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.booleanOr;
import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.optionalLong;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * REGISTER_BROKER request header (103). {@code bodyCrc32} is the masked CRC32 of the body; 0 or
 * absent means unchecked. Immutable.
 */
public record RegisterBrokerRequestHeader(
        String brokerName,
        String brokerAddr,
        String clusterName,
        String haServerAddr,
        long brokerId,
        Long heartbeatTimeoutMillis,
        Boolean enableActingMaster,
        boolean compressed,
        Integer bodyCrc32) implements CommandHeader {

    private static final String H = "REGISTER_BROKER header";

    public static RegisterBrokerRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static RegisterBrokerRequestHeader decode(Map<String, String> f) {
        return new RegisterBrokerRequestHeader(
                requireString(f, "brokerName", H),
                requireString(f, "brokerAddr", H),
                requireString(f, "clusterName", H),
                requireString(f, "haServerAddr", H),
                requireLong(f, "brokerId", H),
                optionalLong(f, "heartbeatTimeoutMillis", H),
                optionalBoolean(f, "enableActingMaster", H),
                booleanOr(f, "compressed", false, H),
                optionalInt(f, "bodyCrc32", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "brokerName", brokerName);
        put(f, "brokerAddr", brokerAddr);
        put(f, "clusterName", clusterName);
        put(f, "haServerAddr", haServerAddr);
        put(f, "brokerId", brokerId);
        put(f, "heartbeatTimeoutMillis", heartbeatTimeoutMillis);
        put(f, "enableActingMaster", enableActingMaster);
        put(f, "compressed", compressed);
        put(f, "bodyCrc32", bodyCrc32);
    }
}
