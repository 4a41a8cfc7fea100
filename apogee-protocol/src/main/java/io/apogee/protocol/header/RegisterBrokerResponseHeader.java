package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;

/**
 * REGISTER_BROKER response header; both fields are null for a master. Immutable.
 */
public record RegisterBrokerResponseHeader(
        String haServerAddr,
        String masterAddr) implements CommandHeader {

    private static final String H = "REGISTER_BROKER response header";

    public static RegisterBrokerResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static RegisterBrokerResponseHeader decode(Map<String, String> f) {
        return new RegisterBrokerResponseHeader(
                f.get("haServerAddr"),
                f.get("masterAddr"));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "haServerAddr", haServerAddr);
        put(f, "masterAddr", masterAddr);
    }
}
