package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.booleanOr;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * DELETE_SUBSCRIPTIONGROUP request header (207): the group, and whether its committed offsets go
 * too. Immutable.
 */
public record DeleteSubscriptionGroupRequestHeader(String groupName, boolean cleanOffset) implements CommandHeader {

    private static final String H = "DELETE_SUBSCRIPTIONGROUP header";

    public static DeleteSubscriptionGroupRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static DeleteSubscriptionGroupRequestHeader decode(Map<String, String> f) {
        return new DeleteSubscriptionGroupRequestHeader(requireString(f, "groupName", H),
                booleanOr(f, "cleanOffset", false, H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "groupName", groupName);
        put(f, "cleanOffset", cleanOffset);
    }
}
