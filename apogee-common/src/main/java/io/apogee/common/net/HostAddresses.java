package io.apogee.common.net;

import java.io.File;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The address a server announces when it listens on every interface and none is configured: this host's
 * address as RocketMQ 5.3.3 picks it for {@code brokerIP1}, so a broker moved from RocketMQ registers the
 * same address. Of the addresses of interfaces that are up and not bridges, virtual or point-to-point, and
 * that are not loopback: the first public IPv4 address; else the last private one (10/8, 172.16/12,
 * 192.168/16); else the first IPv6 address that is not link- or site-local, else the first IPv6 one; else
 * what the host name resolves to. An IPv6 address is written in brackets, as it is joined to a port.
 *
 * <p>Thread safety: stateless; reads the interfaces on every call, so call it once at start.
 */
public final class HostAddresses {

    private HostAddresses() {
    }

    /** Whether {@code address} means every interface rather than one. */
    public static boolean isWildcard(String address) {
        return address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                || address.equals("[::]") || address.equals("0:0:0:0:0:0:0:0");
    }

    /** This host's address for clients, as described above. */
    public static String firstNonLoopback() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isVirtual() && !nic.isPointToPoint() && !isBridge(nic)) {
                    candidates.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            candidates.clear();
        }
        InetAddress chosen = choose(candidates);
        if (chosen == null) {
            try {
                chosen = InetAddress.getLocalHost();
            } catch (UnknownHostException e) {
                return "127.0.0.1";
            }
        }
        return text(chosen);
    }

    /** The address RocketMQ's rule picks from an interface's addresses, in order, or null for none. */
    static InetAddress choose(List<InetAddress> addresses) {
        List<InetAddress> ipv4 = new ArrayList<>();
        List<InetAddress> ipv6 = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                (address instanceof Inet6Address ? ipv6 : ipv4).add(address);
            }
        }
        for (InetAddress address : ipv4) {
            if (!isPrivateV4(address.getAddress())) {
                return address;
            }
        }
        if (!ipv4.isEmpty()) {
            return ipv4.get(ipv4.size() - 1);
        }
        for (InetAddress address : ipv6) {
            if (!address.isAnyLocalAddress() && !address.isLinkLocalAddress() && !address.isSiteLocalAddress()) {
                return address;
            }
        }
        return ipv6.isEmpty() ? null : ipv6.get(0);
    }

    /** The address as it is joined to a port: IPv6 in brackets, without a scope. */
    static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return "[" + (scope < 0 ? text : text.substring(0, scope)) + "]";
    }

    private static boolean isPrivateV4(byte[] ip) {
        int first = ip[0] & 0xff;
        int second = ip[1] & 0xff;
        return first == 10 || first == 127 || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168);
    }

    /** A Linux bridge (docker0, virbr0, ...) carries no address a client elsewhere can reach. */
    private static boolean isBridge(NetworkInterface nic) {
        return new File("/sys/class/net/" + nic.getName() + "/bridge").exists();
    }
}
