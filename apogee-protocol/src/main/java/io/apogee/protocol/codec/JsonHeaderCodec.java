package io.apogee.protocol.codec;

import io.apogee.protocol.command.RemotingCommand;

import java.nio.ByteBuffer;
import java.util.Arrays;

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
        JsonHeaderWriter writer = JsonHeaderWriter.write(command, 0);
        byte[] buffer = writer.buffer();
        return buffer.length == writer.position() ? buffer : Arrays.copyOf(buffer, writer.position());
    }

    static RemotingCommand decode(ByteBuffer header) {
        return JsonHeaderReader.read(header.array(), header.arrayOffset() + header.position(), header.remaining());
    }
}
