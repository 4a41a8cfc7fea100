package io.apogee.controller;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One controller of the group as {@code controllerDLegerPeers} names it: {@code id-host:port}, where the port is
 * the one the controllers agree on (Raft), not the remoting port brokers use.
 *
 * <p>Immutable.
 */
public record ControllerPeer(String id, String address) {

    /**
     * Reads RocketMQ's peer list, {@code n0-127.0.0.1:9877;n1-127.0.0.1:9878}.
     *
     * @throws IllegalArgumentException naming the bad entry, or when an id repeats
     */
    public static List<ControllerPeer> parseList(String text) {
        List<ControllerPeer> peers = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String part : text.split(";")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int dash = entry.indexOf('-');
            int colon = entry.lastIndexOf(':');
            if (dash <= 0 || colon < dash + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not id-host:port");
            }
            try {
                int port = Integer.parseInt(entry.substring(colon + 1));
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("port of '" + entry + "' must be 1..65535");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port of '" + entry + "' is not a number");
            }
            ControllerPeer peer = new ControllerPeer(entry.substring(0, dash), entry.substring(dash + 1));
            if (!ids.add(peer.id())) {
                throw new IllegalArgumentException("peer id " + peer.id() + " is given twice");
            }
            peers.add(peer);
        }
        return List.copyOf(peers);
    }

    /** The list as {@link #parseList} reads it. */
    public static String format(List<ControllerPeer> peers) {
        return String.join(";", peers.stream().map(p -> p.id() + "-" + p.address()).toList());
    }

    /** The port of {@link #address()}. */
    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
