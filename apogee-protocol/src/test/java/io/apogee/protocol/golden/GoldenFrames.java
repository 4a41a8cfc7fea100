package io.apogee.protocol.golden;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Loads the captured frames from the test class path (copies of the shared golden set). */
public final class GoldenFrames {

    private static final String DIR = "/golden/";

    private GoldenFrames() {
    }

    /** The raw bytes of a frame file, e.g. {@code 0017-client-to-broker-SEND_MESSAGE_V2.bin}. */
    public static byte[] bytes(String file) {
        try (InputStream in = GoldenFrames.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden frame " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame whose file name starts with {@code prefix} + "-", decoded. */
    public static RemotingCommand decode(String prefix) {
        return FrameCodec.decodeFrame(ByteBuffer.wrap(bytes(fileFor(prefix))));
    }

    /** The frame in {@code file}, decoded. */
    public static RemotingCommand decodeFile(String file) {
        return FrameCodec.decodeFrame(ByteBuffer.wrap(bytes(file)));
    }

    /** The INDEX.md that describes every frame. */
    public static String index() {
        return new String(bytes("INDEX.md"), StandardCharsets.UTF_8);
    }

    /** The file name listed in INDEX.md that starts with {@code prefix} + "-". */
    public static String fileFor(String prefix) {
        for (GoldenIndex.Entry entry : GoldenIndex.parse(index())) {
            if (entry.file().startsWith(prefix + "-")) {
                return entry.file();
            }
        }
        throw new IllegalArgumentException("no golden frame starting with " + prefix);
    }
}
