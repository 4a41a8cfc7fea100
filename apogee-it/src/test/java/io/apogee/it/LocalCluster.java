package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * An Apogee name server and one broker on loopback ephemeral ports, with their files under one
 * directory: what the official-client tests run against. Close it to stop both.
 */
final class LocalCluster implements AutoCloseable {

    private final NameServer nameServer;
    private final BrokerConfig brokerConfig;
    private Broker broker;

    /** A cluster with default broker settings (auto-creation on, 16 MiB commit-log files). */
    LocalCluster(Path dir) {
        this(dir, UnaryOperator.identity());
    }

    /** A cluster whose broker settings {@code customize} may change before it starts. */
    LocalCluster(Path dir, UnaryOperator<BrokerConfig> customize) {
        this(dir, UnaryOperator.identity(), customize);
    }

    /** A cluster whose name server and broker settings the operators may change before each starts. */
    LocalCluster(Path dir, UnaryOperator<NameServerConfig> customizeNamesrv, UnaryOperator<BrokerConfig> customize) {
        nameServer = new NameServer(customizeNamesrv.apply(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv"))));
        nameServer.start();
        BrokerConfig config = new BrokerConfig().bindAddress("127.0.0.1").listenPort(0).namesrvAddr(namesrvAddr())
                .store(MessageStoreConfig.from(Map.of(
                        MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024))));
        brokerConfig = customize.apply(config);
        broker = new Broker(brokerConfig);
        try {
            broker.start();
        } catch (RuntimeException e) {
            nameServer.shutdown();
            throw e;
        }
    }

    /** What an application sets as {@code namesrvAddr}. */
    String namesrvAddr() {
        return "127.0.0.1:" + nameServer.localAddress().getPort();
    }

    /**
     * Waits until the name server routes {@code topic}. A topic auto-created by a send reaches the name
     * server with the broker's next registration, a moment later; a consumer that asks before then gets no
     * route and would only find the topic at its next route refresh, 30 s on.
     */
    void awaitRoute(String topic) {
        await().atMost(Duration.ofSeconds(10)).until(() -> nameServer.registry().route(topic, null) != null);
    }

    /**
     * Waits until the store has dispatched every message it acknowledged, so counts read from consume queues
     * include them: a queue entry appears a moment after SEND_OK.
     */
    void awaitDispatched() {
        if (broker.store() instanceof MappedMessageStore store) {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchBehindBytes() == 0);
        }
    }

    NameServer nameServer() {
        return nameServer;
    }

    Broker broker() {
        return broker;
    }

    /**
     * Stops the broker cleanly and starts a new one over the same files on the same port, as an
     * operator's restart does; clients reconnect on their own.
     */
    void restartBroker() {
        restartBroker(() -> { });
    }

    /** As {@link #restartBroker()}, running {@code whileStopped} on the files between stop and start. */
    void restartBroker(Runnable whileStopped) {
        int port = broker.localAddress().getPort();
        int haPort = broker.ha().haPort();
        broker.shutdown();
        whileStopped.run();
        // Both ports as before: with a fixed listenPort, the replication port would default to listenPort + 1,
        // which another test's server may hold by now.
        brokerConfig.ha().haListenPort(haPort);
        broker = new Broker(brokerConfig.listenPort(port));
        broker.start();
    }

    @Override
    public void close() {
        broker.shutdown();
        nameServer.shutdown();
    }
}
