package io.apogee.client.message;

import io.apogee.client.ClientException;
import io.apogee.protocol.message.MessageSysFlag;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses bodies the way RocketMQ clients do by default (zlib, level 5) and decompresses what
 * they sent. Only zlib is supported; a body flagged with LZ4 or ZSTD is reported, not guessed at.
 *
 * <p>Thread safety: stateless; any thread.
 */
public final class BodyCompression {

    /** The zlib level RocketMQ's producer uses. */
    public static final int LEVEL = 5;

    private BodyCompression() {
    }

    /** The sysFlag bits a compressed body gets: the compressed bit and the zlib type. */
    public static int sysFlagBits() {
        return MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE;
    }

    public static byte[] compress(byte[] body) {
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** The original body of a message stored with {@code sysFlag}. */
    public static byte[] decompress(byte[] body, int sysFlag) {
        int type = sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK;
        if (type != 0 && type != MessageSysFlag.COMPRESSION_ZLIB_TYPE) {
            throw new ClientException("body compressed with an unsupported type (sysFlag 0x"
                    + Integer.toHexString(sysFlag) + "); only zlib is supported");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 3);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ClientException("compressed body is truncated");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ClientException("compressed body is not zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
