package io.apogee.broker.client;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.filter.ClientConfigCheckProcessor;
import io.apogee.broker.filter.PropertyFilters;
import io.apogee.broker.lock.QueueLockProcessor;
import io.apogee.broker.lock.QueueLockTable;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.common.schedule.PeriodicTasks;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.ConnectionListener;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;

import java.util.concurrent.ExecutorService;

/**
 * The clients feature: who is connected (heartbeats, unregistration, a group's consumer list), the queue
 * locks of orderly consumers, and the forgetting of clients that closed or went silent.
 *
 * <p>Heartbeats run on their own thread, as RocketMQ's heartbeat pool: a client naming many new groups
 * never delays another client's consumer lists or locks, which run on the client thread. A closed
 * connection first frees its queue locks and then tells its groups to rebalance, so the survivors can
 * lock the queues it held. Every {@value #SCAN_MILLIS} ms a client silent for {@value #EXPIRY_MILLIS} ms is
 * dropped, on this feature's own timer thread.
 */
public final class ClientFeature implements AutoCloseable {

    /** A client that sent no heartbeat for this long is forgotten, as RocketMQ's channelExpiredTimeout. */
    static final long EXPIRY_MILLIS = 120_000;
    static final long SCAN_MILLIS = 10_000;
    private static final int QUEUE_CAPACITY = 1_000;

    private final ClientRegistry<Connection> clients;
    private final ConsumerNotifier notifier;
    private final QueueLockTable<Connection> locks;
    private final PeriodicTasks tasks = new PeriodicTasks("broker-client-expiry");

    public ClientFeature(RemotingServer server, BrokerConfig config, ClientRegistry<Connection> clients,
                         ConsumerNotifier notifier, SubscriptionGroups groups, PropertyFilters filters) {
        this.clients = clients;
        this.notifier = notifier;
        this.locks = new QueueLockTable<>(config.rebalanceLockMaxLiveTime(), System::currentTimeMillis);
        ExecutorService heartbeatExecutor = BoundedExecutor.create("broker-heartbeat", 1, QUEUE_CAPACITY);
        ExecutorService clientExecutor = BoundedExecutor.create("broker-client", 1, QUEUE_CAPACITY);
        ClientProcessor processor = new ClientProcessor(clients, groups, notifier, System::currentTimeMillis,
                config.maxConsumerGroupsPerHeartbeat(), config.maxConsumerGroupsPerClient());
        server.registerProcessor(RequestCode.HEART_BEAT, processor, heartbeatExecutor);
        server.registerProcessor(RequestCode.UNREGISTER_CLIENT, processor, heartbeatExecutor);
        server.registerProcessor(RequestCode.CHECK_CLIENT_CONFIG, new ClientConfigCheckProcessor(filters),
                heartbeatExecutor);
        server.registerProcessor(RequestCode.GET_CONSUMER_LIST_BY_GROUP, processor, clientExecutor);
        QueueLockProcessor lockProcessor = new QueueLockProcessor(locks);
        for (int code : QueueLockProcessor.codes()) {
            server.registerProcessor(code, lockProcessor, clientExecutor);
        }
        server.addListener(new ConnectionListener() {
            @Override
            public void onClose(Connection connection) {
                locks.releaseOwner(connection);
                forget(connection);
            }
        });
        tasks.every(SCAN_MILLIS, "silent-client expiry", () -> forget(null));
    }

    /** Drops {@code closed}'s registrations, or with null every client silent too long, and tells their groups. */
    private void forget(Connection closed) {
        for (String group : clients.removeConnections(closed, System.currentTimeMillis(), EXPIRY_MILLIS)) {
            notifier.groupChanged(group);
        }
    }

    @Override
    public void close() {
        tasks.close();
    }
}
