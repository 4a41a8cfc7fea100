package io.apogee.broker.ha;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.pull.PullAdvice;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.store.MessageStore;
import io.apogee.store.TransferLimits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A broker's part in its group, wired: a master serves its slaves on {@code haListenPort} (and, as
 * SYNC_MASTER, times out sends its slaves did not confirm); a slave replicates from its master. Senders
 * get {@link #store()}, which refuses appends on a slave and holds SYNC_MASTER answers for the slaves.
 * In controller mode the role changes at run time ({@link #becomeMaster}, {@link #becomeSlave}); senders keep
 * the same store, which follows the switch.
 *
 * <p>Threads: see {@link ReplicationServer} and {@link ReplicationClient}; one timer thread for SYNC_MASTER's
 * timeouts. Thread safety: built and closed by the broker's owning thread; role switches are serialised on
 * this object and may come from any thread.
 */
public final class HaFeature implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaFeature.class);
    /** How often sends waiting for slaves are checked for their timeout. */
    private static final long EXPIRE_PERIOD_MILLIS = 20;

    private final BrokerConfig broker;
    private final HaConfig config;
    private final MessageStore raw;
    private final ReplicatedStore store;
    private final EpochFile epochs;
    private final Supplier<String> masterHaAddress;
    private final LongSupplier brokerId;
    private final ScheduledExecutorService timer;
    /** The replication port, fixed for this process so the address the name servers hold stays right. */
    private final int haPort;
    private volatile BrokerRole role;
    private volatile ReplicationServer server;
    private volatile ReplicaAcks acks;
    private ReplicationClient client;
    /** Non-null in controller mode: the slaves the controller confirmed in sync. */
    private volatile Set<Long> confirmedSlaves;

    /**
     * Starts serving slaves (master) or replicating (slave).
     *
     * @param learnedMasterHaAddress the master's replication address as the name servers last reported it
     *                               (null while unknown); used when {@code haMasterAddress} is not set
     * @param brokerId               this broker's id in its group, which its reports to a master carry
     */
    public HaFeature(BrokerConfig broker, MessageStore store, Supplier<String> learnedMasterHaAddress,
                     LongSupplier brokerId) {
        this.broker = broker;
        this.config = broker.ha();
        this.raw = store;
        this.brokerId = brokerId;
        this.masterHaAddress = () -> config.haMasterAddress().isEmpty() ? learnedMasterHaAddress.get()
                : config.haMasterAddress();
        epochs = EpochFile.load(Path.of(broker.store().storePathRootDir()));
        if (epochs.size() == 0 && store.commitLogMaxOffset() > 0) {
            // A log written before epochs were kept: all of it is epoch 0's.
            epochs.append(0, store.commitLogMinOffset());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ha-ack-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::expireWaiting, EXPIRE_PERIOD_MILLIS, EXPIRE_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        this.store = new ReplicatedStore(store, BrokerRole.SLAVE, null, this::wake);
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> wake());
        // In controller mode a broker waits as a slave until the controller names it master.
        BrokerRole configured = config.enableControllerMode() ? BrokerRole.SLAVE : config.brokerRole();
        int port = config.haPort(broker.listenPort());
        if (configured.isMaster()) {
            becomeMaster(configured, config.masterEpoch(), port);
            haPort = server.port();
        } else {
            haPort = port == 0 ? freePort(broker.bindAddress()) : port;
            becomeSlave();
        }
    }

    /**
     * Serves as master ({@code role} ASYNC_MASTER or SYNC_MASTER) at {@code epoch} from this broker's log end:
     * stops replicating, records the epoch, and opens the replication port. Nothing if already so.
     */
    public synchronized void becomeMaster(BrokerRole role, int epoch) {
        becomeMaster(role, epoch, haPort);
    }

    private void becomeMaster(BrokerRole newRole, int epoch, int port) {
        if (server != null && newRole == role && epoch <= epochs.lastEpoch()) {
            return;
        }
        boolean wasSlave = client != null;
        stopRole();
        if (wasSlave) {
            raw.continueQueueOffsets();
        }
        int serving = Math.max(epoch, epochs.lastEpoch());
        if (epochs.append(serving, raw.commitLogMaxOffset())) {
            LOG.info("serving as master at epoch {} from offset {}", serving, raw.commitLogMaxOffset());
        }
        ReplicaAcks fresh = new ReplicaAcks(raw::commitLogMaxOffset, config.haMaxGapNotInSync(),
                broker.store().syncFlushTimeout());
        Set<Long> confirmed = confirmedSlaves;
        if (confirmed != null) {
            fresh.require(confirmed);
        }
        ReplicationServer opened = new ReplicationServer(raw, broker.store().maxMessageSize(), fresh, config,
                epochs, this::learnEpoch, broker.bindAddress(), port);
        opened.start();
        acks = fresh;
        server = opened;
        role = newRole;
        store.serve(newRole, fresh);
    }

    /** Follows the master the name servers (or {@code haMasterAddress}) name; refuses sends from now on. */
    public synchronized void becomeSlave() {
        if (role == BrokerRole.SLAVE && client != null) {
            return;
        }
        store.serve(BrokerRole.SLAVE, null);
        stopRole();
        role = BrokerRole.SLAVE;
        client = new ReplicationClient(raw, epochs, config, broker.store().maxMessageSize(), masterHaAddress,
                brokerId);
        client.start();
        LOG.info("replicating as a slave of the group's master");
    }

    /**
     * Controller mode: from now on SYNC_MASTER waits for exactly these slaves (the in-sync set the controller
     * confirmed, this broker left out). Any thread.
     */
    public void confirmedSlaves(Set<Long> slaves) {
        confirmedSlaves = Set.copyOf(slaves);
        ReplicaAcks current = acks;
        if (current != null) {
            current.require(slaves);
        }
    }

    /** The connected slaves close enough to this master to be in sync (empty on a slave). */
    public Set<Long> caughtUpSlaves() {
        ReplicaAcks current = acks;
        return current == null ? Set.of() : current.caughtUp();
    }

    /** Makes this broker refuse sends while {@code holds} answers false (the controller's lease). */
    public void lease(BooleanSupplier holds) {
        store.lease(holds);
    }

    private void stopRole() {
        if (client != null) {
            client.close();
            client = null;
        }
        ReplicationServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        ReplicaAcks a = acks;
        acks = null;
        if (a != null) {
            a.expire(true);
        }
    }

    private void wake() {
        ReplicationServer s = server;
        if (s != null) {
            s.wake();
        }
    }

    private void expireWaiting() {
        ReplicaAcks a = acks;
        if (a != null && role == BrokerRole.SYNC_MASTER) {
            a.expire(false);
        }
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(bindAddress, 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free replication port on " + bindAddress, e);
        }
    }

    /** Where consumers are told to pull from, by this broker's role and {@code slaveReadEnable}. */
    public PullAdvice pullAdvice(LongSupplier brokerId, SubscriptionGroups groups, TransferLimits limits, MessageStore store,
                                 BooleanSupplier masterAlive) {
        return new SlaveReadAdvice(this::role, brokerId, config.slaveReadEnable(), groups, limits,
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
    public synchronized long cutBytes() {
        return client == null ? 0 : client.cutBytes();
    }

    /** The newest epoch in this broker's epoch file, or -1 when it has none. */
    public int epoch() {
        return epochs.lastEpoch();
    }

    /**
     * The epoch file's entries as {@code {epoch, startOffset}} pairs, oldest first: which master epoch wrote
     * which part of this broker's log.
     */
    public long[][] epochEntries() {
        return epochs.entries();
    }

    public BrokerRole role() {
        return role;
    }

    /** The replication port this broker serves on while master (fixed for the process). */
    public int haPort() {
        return haPort;
    }

    /** Slaves connected now (0 on a slave). */
    public int connectedSlaves() {
        ReplicaAcks a = acks;
        return a == null ? 0 : a.connectedCount();
    }

    /** The offset every in-sync slave holds, or -1 (always -1 on a slave). */
    public long inSyncOffset() {
        ReplicaAcks a = acks;
        return a == null ? -1 : a.inSyncOffset();
    }

    /** Each connected slave's last acknowledged commit-log offset (empty on a slave). Any thread. */
    public long[] slaveAckedOffsets() {
        ReplicaAcks a = acks;
        return a == null ? new long[0] : a.ackedOffsets();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        stopRole();
    }
}
