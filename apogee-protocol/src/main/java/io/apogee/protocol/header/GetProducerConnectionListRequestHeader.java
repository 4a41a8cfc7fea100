package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

import static io.apogee.protocol.header.HeaderFields.put;
import static io.apogee.protocol.header.HeaderFields.requireString;

/**
 * GET_PRODUCER_CONNECTION_LIST request header (204): the producer group whose connections are asked for. Immutable.
 */
public record GetProducerConnectionListRequestHeader(
        String producerGroup) implements CommandHeader {

    private static final String H = "GET_PRODUCER_CONNECTION_LIST header";

    public static GetProducerConnectionListRequestHeader decode(RemotingCommand command) {
        return decode(HeaderFields.of(command));
    }

    public static GetProducerConnectionListRequestHeader decode(Map<String, String> f) {
        return new GetProducerConnectionListRequestHeader(
                requireString(f, "producerGroup", H));
    }

    @Override
    public void writeTo(Map<String, String> f) {
        put(f, "producerGroup", producerGroup);
    }
}
