package io.apogee.broker.ha;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.pull.PullAdvice;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.store.MessageStore;
import io.apogee.store.TransferLimits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
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

    private static final Logger LOG = LoggerFactory.getLogger(HaFeature.class);
    /** How often sends waiting for slaves are checked for their timeout. */
    private static final long EXPIRE_PERIOD_MILLIS = 20;

    private final HaConfig config;
    private final ReplicatedStore store;
    private final ReplicationServer server;
    private final ReplicationClient client;
    private final ScheduledExecutorService timer;
    private final ReplicaAcks acks;
    private final EpochFile epochs;

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
        epochs = EpochFile.load(Path.of(broker.store().storePathRootDir()));
        if (epochs.size() == 0 && store.commitLogMaxOffset() > 0) {
            // A log written before epochs were kept: all of it is epoch 0's.
            epochs.append(0, store.commitLogMinOffset());
        }
        if (role.isMaster()) {
            int epoch = Math.max(config.masterEpoch(), epochs.lastEpoch());
            if (epochs.append(epoch, store.commitLogMaxOffset())) {
                LOG.info("serving as master at epoch {} from offset {}", epoch, store.commitLogMaxOffset());
            }
            acks = new ReplicaAcks(store::commitLogMaxOffset, config.haMaxGapNotInSync(),
                    broker.store().syncFlushTimeout());
            server = new ReplicationServer(store, maxMessageSize, acks, config, epochs, this::learnEpoch,
                    broker.bindAddress(), config.haPort(broker.listenPort()));
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
            client = new ReplicationClient(store, epochs, config, maxMessageSize, () -> config.haMasterAddress().isEmpty()
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

    /**
     * Tells this broker that {@code epoch} exists (a slave reported it; later the controller): a master at an
     * older epoch was superseded, and from now on refuses every send, so two masters never both acknowledge.
     * Any thread.
     */
    public void learnEpoch(int epoch) {
        if (role().isMaster() && epoch > epochs.lastEpoch() && !store.fenced()) {
            store.fence();
            LOG.warn("this master serves epoch {} but epoch {} exists (another master was elected): refusing "
                    + "sends from now on", epochs.lastEpoch(), epoch);
        }
    }

    /** Whether this master was superseded and refuses sends. */
    public boolean fenced() {
        return store.fenced();
    }

    /** Bytes this slave cut from its log where it diverged from its master's, since start (0 on a master). */
    public long cutBytes() {
        return client == null ? 0 : client.cutBytes();
    }

    /** The newest epoch in this broker's epoch file, or -1 when it has none. */
    public int epoch() {
        return epochs.lastEpoch();
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

    /** Each connected slave's last acknowledged commit-log offset (empty on a slave). Any thread. */
    public long[] slaveAckedOffsets() {
        return acks == null ? new long[0] : acks.ackedOffsets();
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
