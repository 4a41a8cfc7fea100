package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.broker.ha.BrokerRole;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.common.message.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A name server and one broker group (a master and a slave of broker-a) on loopback ephemeral ports, each
 * broker with its own data folder under one directory, and 1 MiB commit-log files so that a few megabytes
 * of messages cross files. Close it to stop what still runs.
 */
final class BrokerGroup implements AutoCloseable {

    static final String BROKER_NAME = "broker-a";
    static final int FILE_SIZE = 1024 * 1024;

    private final Path dir;
    private final NameServer nameServer;
    private final BrokerRole masterRole;
    private final long slaveSyncInterval;
    private UnaryOperator<BrokerConfig> customizeMaster = UnaryOperator.identity();
    private UnaryOperator<BrokerConfig> customizeSlave = UnaryOperator.identity();
    private Broker master;
    private Broker slave;

    BrokerGroup(Path dir, BrokerRole masterRole, long slaveSyncInterval) {
        this.dir = dir;
        this.masterRole = masterRole;
        this.slaveSyncInterval = slaveSyncInterval;
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")));
        nameServer.start();
    }

    String namesrvAddr() {
        return "127.0.0.1:" + nameServer.localAddress().getPort();
    }

    NameServer nameServer() {
        return nameServer;
    }

    /** Changes the settings of the brokers started from now on. */
    BrokerGroup customize(UnaryOperator<BrokerConfig> master, UnaryOperator<BrokerConfig> slave) {
        customizeMaster = master;
        customizeSlave = slave;
        return this;
    }

    Broker startMaster() {
        master = start(customizeMaster.apply(config("master", 0)), masterRole);
        return master;
    }

    Broker startSlave() {
        slave = start(customizeSlave.apply(config("slave", 1)), BrokerRole.SLAVE);
        return slave;
    }

    Broker master() {
        return master;
    }

    Broker slave() {
        return slave;
    }

    void stopMaster() {
        master.shutdown();
        master = null;
    }

    void stopSlave() {
        slave.shutdown();
        slave = null;
    }

    /**
     * Starts a member with its own data folder {@code name} in {@code role}, which the caller stops: for tests
     * that change a broker's role between runs (a former master that follows the new one).
     */
    Broker startMember(String name, long brokerId, BrokerRole role, UnaryOperator<BrokerConfig> customize) {
        return start(customize.apply(config(name, brokerId)), role);
    }

    private Broker start(BrokerConfig config, BrokerRole role) {
        config.ha().brokerRole(role).haSendHeartbeatInterval(500).slaveSyncInterval(slaveSyncInterval);
        Broker broker = new Broker(config.validate());
        broker.start();
        return broker;
    }

    private BrokerConfig config(String name, long brokerId) {
        return new BrokerConfig().brokerName(BROKER_NAME).brokerId(brokerId).bindAddress("127.0.0.1").listenPort(0)
                .namesrvAddr(namesrvAddr()).registerNameServerPeriod(1_000)
                .store(MessageStoreConfig.from(storeKeys(name, Map.of())));
    }

    /**
     * Message {@code i} of a replication test: 10 KiB of random bytes, which the producer cannot compress, so
     * that a few hundred fill several files; keyed {@code k<i>}.
     */
    static Message message(String topic, int i) {
        byte[] body = new byte[10 * 1024];
        new Random(i).nextBytes(body);
        Message message = new Message(topic, body);
        message.setKeys("k" + i);
        return message;
    }

    /** The store settings of {@code name}'s broker, with {@code more} added. */
    Map<String, String> storeKeys(String name, Map<String, String> more) {
        Map<String, String> keys = new HashMap<>(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve(name).toString(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(FILE_SIZE),
                MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(FILE_SIZE / 4)));
        keys.putAll(more);
        return keys;
    }

    /** The bytes of {@code name}'s commit log from {@code start} (a file's first offset) below {@code end}. */
    byte[] commitLog(String name, long start, long end) {
        byte[] log = new byte[Math.toIntExact(end - start)];
        Path files = dir.resolve(name).resolve("commitlog");
        try {
            for (long from = start; from < end; from += FILE_SIZE) {
                byte[] file = Files.readAllBytes(files.resolve(String.format("%020d", from)));
                int length = (int) Math.min(FILE_SIZE, end - from);
                System.arraycopy(file, 0, log, (int) (from - start), length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    /** Whether master's and slave's commit logs are equal, byte for byte, up to {@code end}. */
    boolean sameCommitLog(long end) {
        return sameCommitLog(0, end);
    }

    /** Whether master's and slave's commit logs are equal, byte for byte, from {@code start} up to {@code end}. */
    boolean sameCommitLog(long start, long end) {
        return Arrays.equals(commitLog("master", start, end), commitLog("slave", start, end));
    }

    @Override
    public void close() {
        if (slave != null) {
            slave.shutdown();
        }
        if (master != null) {
            master.shutdown();
        }
        nameServer.shutdown();
    }
}
