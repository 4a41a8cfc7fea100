package io.apogee.broker.ha;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.pull.PullAdvice;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.store.MessageStore;
import io.apogee.store.TransferLimits;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A broker's part in its group, wired: a master serves its slaves on {@code haListenPort} (and, as
 * SYNC_MASTER, times out sends its slaves did not confirm); a slave replicates from its master. Senders
 * get {@link #store()}, which refuses appends on a slave and holds SYNC_MASTER answers for the slaves.
 *
 * <p>Threads: see {@link ReplicationServer} and {@link ReplicationClient}; one timer thread under
 * SYNC_MASTER. Thread safety: built, read and closed by the broker's owning thread.
 */
public final class HaFeature implements AutoCloseable {

    /** How often sends waiting for slaves are checked for their timeout. */
    private static final long EXPIRE_PERIOD_MILLIS = 20;

    private final HaConfig config;
    private final MessageStore store;
    private final ReplicationServer server;
    private final ReplicationClient client;
    private final ScheduledExecutorService timer;
    private final ReplicaAcks acks;

    /**
     * Starts serving slaves (master) or replicating (slave).
     *
     * @param learnedMasterHaAddress the master's replication address as the name servers last reported it
     *                               (null while unknown); used when {@code haMasterAddress} is not set
     */
    public HaFeature(BrokerConfig broker, MessageStore store, Supplier<String> learnedMasterHaAddress) {
        this.config = broker.ha();
        BrokerRole role = config.brokerRole();
        int maxMessageSize = broker.store().maxMessageSize();
        if (role.isMaster()) {
            acks = new ReplicaAcks(store::commitLogMaxOffset, config.haMaxGapNotInSync(),
                    broker.store().syncFlushTimeout());
            server = new ReplicationServer(store, maxMessageSize, acks, config, broker.bindAddress(),
                    config.haPort(broker.listenPort()));
            store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> server.wake());
            server.start();
            client = null;
            timer = role == BrokerRole.SYNC_MASTER
                    ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ha-ack-timeouts");
                t.setDaemon(true);
                return t;
            }) : null;
            if (timer != null) {
                timer.scheduleWithFixedDelay(() -> acks.expire(false), EXPIRE_PERIOD_MILLIS, EXPIRE_PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            this.store = new ReplicatedStore(store, role, acks, server::wake);
        } else {
            acks = null;
            server = null;
            timer = null;
            client = new ReplicationClient(store, config, maxMessageSize, () -> config.haMasterAddress().isEmpty()
                    ? learnedMasterHaAddress.get() : config.haMasterAddress());
            client.start();
            this.store = new ReplicatedStore(store, role, null, () -> { });
        }
    }

    /** Where consumers are told to pull from, by this broker's role and {@code slaveReadEnable}. */
    public PullAdvice pullAdvice(long brokerId, SubscriptionGroups groups, TransferLimits limits, MessageStore store,
                                 BooleanSupplier masterAlive) {
        return new SlaveReadAdvice(config.brokerRole(), brokerId, config.slaveReadEnable(), groups, limits,
                store::commitLogMaxOffset, masterAlive);
    }

    /** The store senders append to. */
    public MessageStore store() {
        return store;
    }

    public BrokerRole role() {
        return config.brokerRole();
    }

    /** The bound replication port, or -1 on a slave. */
    public int haPort() {
        return server == null ? -1 : server.port();
    }

    /** Slaves connected now (0 on a slave). */
    public int connectedSlaves() {
        return acks == null ? 0 : acks.connectedCount();
    }

    /** The offset every in-sync slave holds, or -1 (always -1 on a slave). */
    public long inSyncOffset() {
        return acks == null ? -1 : acks.inSyncOffset();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (timer != null) {
            timer.shutdownNow();
            acks.expire(true);
        }
    }
}
