package io.apogee.protocol.message;

import io.apogee.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The offset message id (section 4.7): upper-case hex of store host address, int32 port and int64
 * commit-log offset; 32 characters for IPv4 and 56 for IPv6.
 *
 * @param storeHost       the broker's reachable address
 * @param commitLogOffset the physical offset of the message
 *
 * <p>Thread safety: immutable; static methods are pure.
 */
public record OffsetMessageId(HostAddress storeHost, long commitLogOffset) {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public static String encode(HostAddress storeHost, long commitLogOffset) {
        return encode(hostPart(storeHost), commitLogOffset);
    }

    /** The leading characters of every id of one store host, for callers that encode many ids of one host. */
    public static String hostPart(HostAddress storeHost) {
        ByteBuffer bytes = ByteBuffer.allocate(storeHost.encodedLength());
        bytes.put(storeHost.ip()).putInt(storeHost.port());
        return HEX.formatHex(bytes.array());
    }

    /** The id of the message at {@code commitLogOffset} of the host whose {@link #hostPart} is given. */
    public static String encode(String hostPart, long commitLogOffset) {
        return hostPart + HEX.toHexDigits(commitLogOffset);
    }

    public static OffsetMessageId decode(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new ProtocolException("an offset message id has 32 or 56 hex characters: " + id);
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(id);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("offset message id is not hex: " + id, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] ip = new byte[bytes.length - 12];
        in.get(ip);
        return new OffsetMessageId(new HostAddress(ip, in.getInt()), in.getLong());
    }

    @Override
    public String toString() {
        return encode(storeHost, commitLogOffset);
    }
}
