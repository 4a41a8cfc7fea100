package io.apogee.cli;

import io.apogee.common.net.HostAddresses;

import java.net.InetSocketAddress;

/** Formats bound addresses as clients write them ({@code host:port}). */
final class Addresses {

    private Addresses() {
    }

    /**
     * The address a client uses to reach a server bound at {@code bound}: the bound address, or this host's
     * address when the server listens on every interface, since a client cannot connect to 0.0.0.0.
     */
    static String reachable(InetSocketAddress bound) {
        String host = bound.getAddress().getHostAddress();
        return (HostAddresses.isWildcard(host) || bound.getAddress().isAnyLocalAddress()
                ? HostAddresses.firstNonLoopback() : host) + ":" + bound.getPort();
    }
}
