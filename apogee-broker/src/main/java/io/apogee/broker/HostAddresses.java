package io.apogee.broker;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The address a broker tells name servers when none is configured and it listens on every interface: this
 * host's first non-loopback IPv4 address, as RocketMQ picks it (addresses outside 192.168/16 first, then
 * those inside, then IPv6), or 127.0.0.1 on a host with no other.
 *
 * <p>Thread safety: stateless.
 */
final class HostAddresses {

    private HostAddresses() {
    }

    /** Whether {@code address} means every interface rather than one. */
    static boolean isWildcard(String address) {
        return address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                || address.equals("0:0:0:0:0:0:0:0");
    }

    static String firstNonLoopback() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback() && !nic.isVirtual()) {
                    candidates.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        String fallback = null;
        String ipv6 = null;
        for (InetAddress address : candidates) {
            if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                continue;
            }
            String text = address.getHostAddress();
            if (address instanceof Inet4Address) {
                if (!text.startsWith("192.168.")) {
                    return text;
                }
                fallback = fallback == null ? text : fallback;
            } else if (ipv6 == null) {
                ipv6 = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
            }
        }
        return fallback != null ? fallback : ipv6 != null ? ipv6 : "127.0.0.1";
    }
}
