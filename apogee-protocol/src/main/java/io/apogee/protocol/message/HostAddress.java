package io.apogee.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A host as messages store it: 4 (IPv4) or 16 (IPv6) address bytes and a port. Unlike
 * {@link InetAddress} it keeps an IPv4-mapped IPv6 address as 16 bytes, so a decoded message re-encodes
 * byte for byte.
 *
 * <p>Thread safety: immutable; the address array is copied in and out.
 */
public final class HostAddress {

    private final byte[] ip;
    private final int port;

    public HostAddress(byte[] ip, int port) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + ip.length);
        }
        this.ip = ip.clone();
        this.port = port;
    }

    public static HostAddress of(InetSocketAddress address) {
        return new HostAddress(address.getAddress().getAddress(), address.getPort());
    }

    public byte[] ip() {
        return ip.clone();
    }

    public int port() {
        return port;
    }

    public boolean isIpv6() {
        return ip.length == 16;
    }

    /** Bytes of this host in a stored message: address plus int32 port. */
    public int encodedLength() {
        return ip.length + 4;
    }

    public InetSocketAddress toSocketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address length was checked", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostAddress other && port == other.port && Arrays.equals(ip, other.ip);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ip) * 31 + port;
    }

    @Override
    public String toString() {
        return toSocketAddress().getAddress().getHostAddress() + ":" + port + " (" + HexFormat.of().formatHex(ip) + ")";
    }
}
