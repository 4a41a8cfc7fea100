package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalBoolean;
import static io.apogee.protocol.header.HeaderFields.put;

/**
 * The optional keys that RocketMQ's header base classes add to many requests: {@code bname}
 * (target broker), {@code ns} (namespace), {@code nsd} (namespaced), {@code oway} (oneway hint) and
 * {@code lo} (logical queue). The typed headers carry {@code bname} themselves where the broker
 * uses it; this record reads the whole set from any command, for processors that care.
 * Immutable.
 */
public record CommonHeader(
        String brokerName,
        String namespace,
        Boolean namespaced,
        Boolean oneway,
        Boolean logicalQueue) implements CommandHeader {

    private static final String H = "common header";

    public static CommonHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static CommonHeader decode(Map<String, String> f) {
        return new CommonHeader(
                f.get("bname"),
                f.get("ns"),
                optionalBoolean(f, "nsd", H),
                optionalBoolean(f, "oway", H),
                optionalBoolean(f, "lo", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "bname", brokerName);
        put(f, "ns", namespace);
        put(f, "nsd", namespaced);
        put(f, "oway", oneway);
        put(f, "lo", logicalQueue);
    }
}
