package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_ROUTEINFO_BY_TOPIC request header (105). Immutable.
 */
public record GetRouteInfoRequestHeader(
        String topic,
        Boolean acceptStandardJsonOnly) implements CommandHeader {

    private static final String H = "GET_ROUTEINFO_BY_TOPIC header";

    public static GetRouteInfoRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetRouteInfoRequestHeader decode(Map<String, String> f) {
        return new GetRouteInfoRequestHeader(
                requireString(f, "topic", H),
                optionalBoolean(f, "acceptStandardJsonOnly", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "topic", topic);
        put(f, "acceptStandardJsonOnly", acceptStandardJsonOnly);
    }
}
