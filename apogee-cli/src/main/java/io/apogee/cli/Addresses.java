package io.apogee.cli;

import java.net.InetSocketAddress;

/** Formats bound addresses as clients write them ({@code host:port}). */
final class Addresses {

    private Addresses() {
    }

    static String of(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
