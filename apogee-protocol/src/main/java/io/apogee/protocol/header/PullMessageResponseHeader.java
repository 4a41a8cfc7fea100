package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.optionalInt;
import static io.apogee.protocol.header.HeaderFields.optionalLong;
import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireLong;

/** PULL_MESSAGE response header; the four offsets are required on every pull answer. Immutable. */
public record PullMessageResponseHeader(
        long suggestWhichBrokerId,
        long nextBeginOffset,
        long minOffset,
        long maxOffset,
        Long offsetDelta,
        Integer topicSysFlag,
        Integer groupSysFlag,
        Integer forbiddenType) implements CommandHeader {

    private static final String H = "PULL_MESSAGE response header";

    public static PullMessageResponseHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static PullMessageResponseHeader decode(Map<String, String> f) {
        return new PullMessageResponseHeader(
                requireLong(f, "suggestWhichBrokerId", H),
                requireLong(f, "nextBeginOffset", H),
                requireLong(f, "minOffset", H),
                requireLong(f, "maxOffset", H),
                optionalLong(f, "offsetDelta", H),
                optionalInt(f, "topicSysFlag", H),
                optionalInt(f, "groupSysFlag", H),
                optionalInt(f, "forbiddenType", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "suggestWhichBrokerId", suggestWhichBrokerId);
        put(f, "nextBeginOffset", nextBeginOffset);
        put(f, "minOffset", minOffset);
        put(f, "maxOffset", maxOffset);
        put(f, "offsetDelta", offsetDelta);
        put(f, "topicSysFlag", topicSysFlag);
        put(f, "groupSysFlag", groupSysFlag);
        put(f, "forbiddenType", forbiddenType);
    }
}
