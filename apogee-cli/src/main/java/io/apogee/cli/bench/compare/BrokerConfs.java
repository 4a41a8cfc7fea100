package io.apogee.cli.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration files both systems read, in RocketMQ's key names (which Apogee takes as they are), so the
 * two brokers of a round are set up the same way: everything on 127.0.0.1, auto-creation on, all data under
 * the round's folder.
 */
final class BrokerConfs {

    /** The replica set the brokers form. */
    static final String BROKER_NAME = "broker-a";

    private BrokerConfs() {
    }

    /** A name server's file: its port, on loopback, and its KV config (and lock) in the round's folder. */
    static Path namesrv(Path dir, int port) throws IOException {
        return Files.writeString(dir.resolve("namesrv.conf"), String.join("\n", "listenPort=" + port,
                "bindAddress=127.0.0.1", "kvConfigPath=" + dir.resolve("namesrv").resolve("kvConfig.json")) + "\n");
    }

    /**
     * A broker's file, {@code <name>.conf} in {@code dir}: role (ASYNC_MASTER, SYNC_MASTER or SLAVE) and id in
     * the group {@value #BROKER_NAME}, its port (replication on the next one) and store folder.
     */
    static Path broker(Path dir, String name, String role, int brokerId, int port, int namesrvPort,
                       String flushDiskType) throws IOException {
        Path store = dir.resolve(name + "-store");
        return Files.writeString(dir.resolve(name + ".conf"), String.join("\n",
                "brokerClusterName=DefaultCluster", "brokerName=" + BROKER_NAME, "brokerId=" + brokerId,
                "brokerRole=" + role, "flushDiskType=" + flushDiskType, "namesrvAddr=127.0.0.1:" + namesrvPort,
                "brokerIP1=127.0.0.1", "brokerIP2=127.0.0.1", "bindAddress=127.0.0.1", "listenPort=" + port,
                "haListenPort=" + (port + 1), "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"), "autoCreateTopicEnable=true",
                "autoCreateSubscriptionGroup=true") + "\n");
    }
}
