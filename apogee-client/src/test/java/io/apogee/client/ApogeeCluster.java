package io.apogee.client;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An Apogee name server and one or more brokers on loopback ephemeral ports, files under one
 * directory: the real peer most client tests run against. Close it to stop everything.
 */
public final class ApogeeCluster implements AutoCloseable {

    private final NameServer nameServer;
    private final List<Broker> brokers = new ArrayList<>();

    public ApogeeCluster(Path dir) {
        this(dir, 1, UnaryOperator.identity());
    }

    /** {@code brokerCount} brokers named broker-0.., each changed by {@code customize} before it starts. */
    public ApogeeCluster(Path dir, int brokerCount, UnaryOperator<BrokerConfig> customize) {
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")));
        nameServer.start();
        try {
            for (int i = 0; i < brokerCount; i++) {
                BrokerConfig config = new BrokerConfig().brokerName("broker-" + i).bindAddress("127.0.0.1")
                        .listenPort(0).namesrvAddr(namesrvAddr())
                        .store(MessageStoreConfig.from(Map.of(
                                MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store-" + i).toString(),
                                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024))));
                Broker broker = new Broker(customize.apply(config));
                broker.start();
                brokers.add(broker);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + nameServer.localAddress().getPort();
    }

    public Broker broker(int index) {
        return brokers.get(index);
    }

    public NameServer nameServer() {
        return nameServer;
    }

    @Override
    public void close() {
        brokers.forEach(Broker::shutdown);
        nameServer.shutdown();
    }
}
