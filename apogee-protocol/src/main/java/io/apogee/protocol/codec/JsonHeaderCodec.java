package io.apogee.protocol.codec;

import io.apogee.protocol.command.RemotingCommand;

/**
 * The JSON header as the official Java side writes it: keys in alphabetical order, nulls omitted,
 * the language as its name, every custom header value a string. Decoding accepts any key order
 * and fills missing keys with defaults. Both directions work on bytes directly
 * ({@link JsonHeaderWriter}, {@link JsonHeaderReader}) rather than through a JSON tree, because
 * every request and response passes through here.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class JsonHeaderCodec {

    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand command) {
        byte[] header = new byte[JsonHeaderWriter.measure(command)];
        JsonHeaderWriter.write(command, header, 0);
        return header;
    }

    static RemotingCommand decode(byte[] bytes, int offset, int length) {
        return JsonHeaderReader.read(bytes, offset, length);
    }
}
