package io.apogee.cli;

import java.io.IOException;
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

    private final Path dir;
    private final int base;
    private final String brokerRole;

    LocalClusterLayout(Path dir, int base) {
        this(dir, base, "SYNC_MASTER");
    }

    /** @param brokerRole the role a broker takes when the controller makes it master: SYNC_MASTER or ASYNC_MASTER */
    LocalClusterLayout(Path dir, int base, String brokerRole) {
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
    }

    String brokerRole() {
        return brokerRole;
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
            int port = base + 30 + 10 * i;
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("brokerClusterName", CLUSTER);
            conf.put("brokerName", BROKER_NAME);
            conf.put("listenPort", Integer.toString(port));
            conf.put("bindAddress", "127.0.0.1");
            conf.put("brokerIP1", "127.0.0.1");
            conf.put("namesrvAddr", namesrvAddr());
            conf.put("storePathRootDir", folder.resolve("store").toString());
            conf.put("enableControllerMode", "true");
            conf.put("controllerAddr", controllerAddr());
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
