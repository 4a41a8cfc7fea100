package io.apogee.protocol.header;

import io.apogee.protocol.command.RemotingCommand;

import java.util.Map;

/**
 * A typed custom header: a value that knows how to write itself into a command's {@code extFields}.
 * Every implementation also has a static {@code decode(Map)} / {@code decode(RemotingCommand)} that
 * reads the fields straight from the map, without reflection.
 *
 * <p>Implementations are immutable records; safe to share between threads.
 */
public interface CommandHeader {

    /** Writes every non-null field as a string; fields already in the map with other keys stay. */
    void writeTo(Map<String, String> fields);

    /** Writes this header into {@code command}'s {@code extFields}, creating the map if needed. */
    default RemotingCommand applyTo(RemotingCommand command) {
        writeTo(HeaderFields.writable(command));
        return command;
    }
}
