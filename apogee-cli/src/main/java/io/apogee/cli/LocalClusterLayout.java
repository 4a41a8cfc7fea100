package io.apogee.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the members of {@code apogee local-cluster} live: three controllers, a name server and one broker group of
 * three replicas in controller mode, on loopback ports counted from a base port, each with its folder and
 * configuration file (RocketMQ key names) under one directory, so a member can also be started by hand.
 *
 * <pre>
 *   base+1..3    controllers (their Raft ports: base+11..13)
 *   base+20      name server
 *   base+30, 40, 50  brokers broker-a (replication on each port + 1)
 *   base+60..63, 70..73, 80..83  relayed layouts only: each broker's way out to the name server and controllers
 * </pre>
 *
 * <p>Immutable once written; used by one thread.
 */
final class LocalClusterLayout {

    static final String CLUSTER = "LocalCluster";
    static final String BROKER_NAME = "broker-a";
    static final int MEMBERS = 3;
    /** How long a broker may stay silent before the controller elects another master (its lease is half). */
    static final int BROKER_HEARTBEAT_TIMEOUT_MILLIS = 3_000;

    /** One process of the cluster: what it is called, the command that runs it, and its client address. */
    record Member(String name, List<String> command, Path folder, String address) {
    }

    /** A relay on one path into or out of a broker (see {@link FaultProxy}): it listens, and forwards to target. */
    record Relay(String broker, InetSocketAddress listen, InetSocketAddress target) {
    }

    /** Where a relayed broker really listens: another loopback address, same ports; it advertises 127.0.0.1. */
    static final String RELAYED_BROKER_HOST = "127.0.0.2";

    private final Path dir;
    private final int base;
    private final String brokerRole;
    private final boolean relayed;

    LocalClusterLayout(Path dir, int base) {
        this(dir, base, "SYNC_MASTER", false);
    }

    /**
     * @param brokerRole the role a broker takes when the controller makes it master: SYNC_MASTER or ASYNC_MASTER
     * @param relayed whether every path into and out of each broker goes through a {@link Relay}: the broker
     *                listens on {@value #RELAYED_BROKER_HOST} behind relays on 127.0.0.1 (clients and slaves),
     *                and reaches the controllers and the name server through relays of its own (base+60+10i..)
     */
    LocalClusterLayout(Path dir, int base, String brokerRole, boolean relayed) {
        if (base < 1024 || base > 65_000) {
            throw new IllegalArgumentException("--base-port must be between 1024 and 65000, not " + base);
        }
        if (!brokerRole.equals("SYNC_MASTER") && !brokerRole.equals("ASYNC_MASTER")) {
            throw new IllegalArgumentException("the broker role must be SYNC_MASTER or ASYNC_MASTER, not "
                    + brokerRole);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.base = base;
        this.brokerRole = brokerRole;
        this.relayed = relayed;
    }

    /** The relays of every broker; none unless the layout is relayed. */
    List<Relay> relays() {
        List<Relay> relays = new ArrayList<>();
        if (!relayed) {
            return relays;
        }
        for (int i = 0; i < MEMBERS; i++) {
            String broker = "broker-" + (i + 1);
            int port = brokerPort(i);
            for (int p : new int[] {port, port + 1}) {
                relays.add(new Relay(broker, new InetSocketAddress("127.0.0.1", p),
                        new InetSocketAddress(RELAYED_BROKER_HOST, p)));
            }
            relays.add(new Relay(broker, new InetSocketAddress("127.0.0.1", outPort(i, 0)),
                    new InetSocketAddress("127.0.0.1", base + 20)));
            for (int c = 0; c < MEMBERS; c++) {
                relays.add(new Relay(broker, new InetSocketAddress("127.0.0.1", outPort(i, c + 1)),
                        new InetSocketAddress("127.0.0.1", base + 1 + c)));
            }
        }
        return relays;
    }

    private int brokerPort(int i) {
        return base + 30 + 10 * i;
    }

    /** The port of relay {@code k} out of broker {@code i}: 0 to the name server, 1..3 to the controllers. */
    private int outPort(int i, int k) {
        return base + 60 + 10 * i + k;
    }

    /** Deletes {@code dir} and everything under it, for a run that must start from empty stores. */
    static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    String namesrvAddr() {
        return "127.0.0.1:" + (base + 20);
    }

    String controllerAddr() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            addresses.add("127.0.0.1:" + (base + 1 + i));
        }
        return String.join(";", addresses);
    }

    private String relayedControllerAddr(int broker) {
        List<String> addresses = new ArrayList<>();
        for (int c = 0; c < MEMBERS; c++) {
            addresses.add("127.0.0.1:" + outPort(broker, c + 1));
        }
        return String.join(";", addresses);
    }

    /** Writes every member's configuration (keeping data already there) and answers the members in start order. */
    List<Member> write() throws IOException {
        List<Member> members = new ArrayList<>();
        String peers = peers();
        for (int i = 0; i < MEMBERS; i++) {
            Path folder = dir.resolve("controller-" + i);
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("controllerDLegerGroup", "local");
            conf.put("controllerDLegerPeers", peers);
            conf.put("controllerDLegerSelfId", "n" + i);
            conf.put("listenPort", Integer.toString(base + 1 + i));
            conf.put("bindAddress", "127.0.0.1");
            conf.put("controllerStorePath", folder.resolve("store").toString());
            // The brokers' own timeout: a new leader waits this long for brokers it has not heard from yet.
            conf.put("brokerHeartbeatTimeoutMillis", Integer.toString(BROKER_HEARTBEAT_TIMEOUT_MILLIS));
            conf.put("rocketmqHome", folder.toString());
            members.add(member("controller-" + i, "controller", folder, "controller.conf", conf,
                    "127.0.0.1:" + (base + 1 + i)));
        }
        Path namesrv = dir.resolve("namesrv");
        Map<String, String> namesrvConf = new LinkedHashMap<>();
        namesrvConf.put("listenPort", Integer.toString(base + 20));
        namesrvConf.put("bindAddress", "127.0.0.1");
        namesrvConf.put("rocketmqHome", namesrv.toString());
        members.add(member("namesrv", "namesrv", namesrv, "namesrv.conf", namesrvConf, namesrvAddr()));
        for (int i = 0; i < MEMBERS; i++) {
            Path folder = dir.resolve("broker-" + (i + 1));
            int port = brokerPort(i);
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("brokerClusterName", CLUSTER);
            conf.put("brokerName", BROKER_NAME);
            conf.put("listenPort", Integer.toString(port));
            conf.put("bindAddress", relayed ? RELAYED_BROKER_HOST : "127.0.0.1");
            conf.put("brokerIP1", "127.0.0.1");
            conf.put("namesrvAddr", relayed ? "127.0.0.1:" + outPort(i, 0) : namesrvAddr());
            conf.put("storePathRootDir", folder.resolve("store").toString());
            conf.put("enableControllerMode", "true");
            conf.put("controllerAddr", relayed ? relayedControllerAddr(i) : controllerAddr());
            conf.put("brokerRole", brokerRole);
            conf.put("flushDiskType", "SYNC_FLUSH");
            conf.put("controllerHeartBeatTimeoutMills", Integer.toString(BROKER_HEARTBEAT_TIMEOUT_MILLIS));
            conf.put("syncBrokerMetadataPeriod", "1000");
            conf.put("checkSyncStateSetPeriod", "1000");
            conf.put("slaveSyncInterval", "1000");
            members.add(member("broker-" + (i + 1), "broker", folder, "broker.conf", conf, "127.0.0.1:" + port));
        }
        return members;
    }

    private String peers() {
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            peers.add("n" + i + "-127.0.0.1:" + (base + 11 + i));
        }
        return String.join(";", peers);
    }

    private static Member member(String name, String command, Path folder, String file, Map<String, String> conf,
                                 String address) throws IOException {
        Files.createDirectories(folder);
        Path config = folder.resolve(file);
        String text = conf.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by apogee local-cluster\n", "\n"));
        Files.writeString(config, text, StandardCharsets.UTF_8);
        return new Member(name, List.of(command, "-c", config.toString()), folder, address);
    }
}
