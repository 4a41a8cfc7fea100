package io.apogee.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The source addresses a policy entry is limited to: each one an address ({@code 10.0.0.7}), a CIDR block
 * ({@code 10.0.0.0/8}, IPv4 or IPv6), an IPv4 wildcard ({@code 192.168.1.*}) or {@code *}. An empty list means
 * every address.
 *
 * <p>Thread safety: immutable.
 */
final class SourceAddresses {

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final Block[] blocks;
    private final boolean any;

    SourceAddresses(List<String> texts) {
        boolean anyAddress = texts == null || texts.isEmpty();
        Block[] parsed = new Block[texts == null ? 0 : texts.size()];
        for (int i = 0; i < parsed.length; i++) {
            String t = texts.get(i).trim();
            if (t.equals("*")) {
                anyAddress = true;
            } else {
                parsed[i] = parse(t);
            }
        }
        this.any = anyAddress;
        this.blocks = parsed;
    }

    private static Block parse(String text) {
        try {
            if (text.endsWith(".*")) {
                String[] parts = text.split("\\.");
                int fixed = 0;
                byte[] network = new byte[4];
                for (String part : parts) {
                    if (part.equals("*")) {
                        break;
                    }
                    network[fixed++] = (byte) Integer.parseInt(part);
                }
                return new Block(network, fixed * 8);
            }
            int slash = text.indexOf('/');
            byte[] network = literal(slash < 0 ? text : text.substring(0, slash));
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in source address '" + text + "'");
            }
            return new Block(network, bits);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("bad source address '" + text
                    + "': use an address, a CIDR block such as 10.0.0.0/8, 192.168.1.* or *", e);
        }
    }

    /** Parses an address literal only: a host name would mean a DNS lookup, which a policy must not depend on. */
    private static byte[] literal(String text) throws UnknownHostException {
        if (!text.matches("[0-9.]+") && !text.contains(":")) {
            throw new UnknownHostException(text);
        }
        return InetAddress.getByName(text).getAddress();
    }

    /** Whether every address is allowed (no limit given, or {@code *}). */
    boolean any() {
        return any;
    }

    boolean contains(byte[] address) {
        if (any) {
            return true;
        }
        if (address == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block != null && block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
