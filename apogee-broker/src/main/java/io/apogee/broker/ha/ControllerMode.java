package io.apogee.broker.ha;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.controller.ControllerCodes;
import io.apogee.controller.client.ControllerClient;
import io.apogee.controller.client.MasterView;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A broker in controller mode ({@code enableControllerMode=true}): the controller group, not the broker's file,
 * says who it is and whether it leads its group.
 *
 * <ol>
 *   <li>Its id comes from the controller once (next id, then applied with this broker's address) and is kept
 *       in {@value #ID_FILE} under the store root, so a restart keeps it.</li>
 *   <li>It registers, heartbeats every {@code brokerHeartbeatInterval}, and every
 *       {@code syncBrokerMetadataPeriod} asks who the master is, switching its role when that changed (and
 *       asking for an election when the group has none).</li>
 *   <li>As master it serves at the controller's epoch; every {@code checkSyncStateSetPeriod} it proposes the
 *       slaves that caught up or fell behind as the new in-sync set, and SYNC_MASTER waits for exactly the set
 *       the controller confirmed: a slave leaves it only once the controller agreed, so it can never be
 *       elected with a message it did not get.</li>
 *   <li>Lease: a master acknowledges sends only within half of {@code controllerHeartBeatTimeoutMills} after
 *       sending a heartbeat the controller answered. The controller counts it lost only a whole timeout after
 *       it last heard it, so an old master has stopped acknowledging before a new one is elected.</li>
 * </ol>
 *
 * <p>Threads: one scheduler thread does all of it; role switches run on it. {@link #start()} and
 * {@link #close()} on the broker's owning thread.
 */
public final class ControllerMode implements AutoCloseable {

    /** The file under the store root that keeps the id the controller gave this broker. */
    public static final String ID_FILE = "controller-broker-id";
    private static final Logger LOG = LoggerFactory.getLogger(ControllerMode.class);
    private static final long CALL_TIMEOUT_MILLIS = 3_000;

    /** What the broker does beyond replication when its role changes. Called on the scheduler thread. */
    public interface RoleChanges {
        /** This broker became the group's master: it registers as brokerId 0 and starts master-only work. */
        void becameMaster();

        /** This broker follows {@code masterAddress}: it registers under its own id and stops master-only work. */
        void becameSlave(long brokerId);

        /**
         * As a slave, after each look at the controller: the group's master is at {@code masterAddress}. The
         * broker learns where to replicate from through its name-server registration, so it registers again
         * until the answer names that master (the new master may register a moment after the slave asked).
         */
        void masterIs(String masterAddress);
    }

    private final HaConfig config;
    private final String cluster;
    private final String brokerName;
    private final String address;
    private final Path storeRoot;
    private final HaFeature ha;
    private final LongSupplier logEnd;
    private final RoleChanges changes;
    private final ControllerClient controllers;
    private final ScheduledExecutorService scheduler;
    private final BrokerRole masterRole;
    private final ThreadPoolExecutor notices = BoundedExecutor.create("controller-notice", 1, 64);
    private volatile long brokerId = -1;
    /** nanoTime when the last heartbeat the controller answered was sent; the lease runs from it. */
    private volatile long leaseFromNanos;
    private volatile boolean master;
    private final long leaseNanos;
    /** Whether the lapse of the lease was logged (once per lapse). */
    private boolean lapseLogged;
    /** Whether this broker took a role yet (it starts as a slave that has not told the broker so). */
    private boolean followed;
    private int masterEpoch;
    private int syncStateSetEpoch;
    private Set<Long> syncStateSet = Set.of();

    public ControllerMode(HaConfig config, String cluster, String brokerName, String address, Path storeRoot,
                          RemotingClient remoting, HaFeature ha, LongSupplier logEnd, RoleChanges changes) {
        this.config = config;
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.address = address;
        this.storeRoot = storeRoot;
        this.ha = ha;
        this.logEnd = logEnd;
        this.changes = changes;
        this.masterRole = config.brokerRole().isMaster() ? config.brokerRole() : BrokerRole.SYNC_MASTER;
        this.controllers = new ControllerClient(remoting, ControllerClient.parseAddresses(config.controllerAddr()),
                CALL_TIMEOUT_MILLIS);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-mode");
            t.setDaemon(true);
            return t;
        });
        this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(config.controllerHeartBeatTimeoutMills() / 2);
        ha.lease(this::leaseHolds);
    }

    /**
     * Starts as a slave that sends nothing until the controller named this broker master; the first contact
     * with the controllers is tried at once and then every heartbeat interval until it succeeds.
     */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::beat, 0, config.brokerHeartbeatInterval(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::syncMetadata, config.syncBrokerMetadataPeriod(),
                config.syncBrokerMetadataPeriod(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkSyncStateSet, config.checkSyncStateSetPeriod(),
                config.checkSyncStateSetPeriod(), TimeUnit.MILLISECONDS);
    }

    /**
     * Serves on {@code server} the controller's notices that the group's master changed
     * ({@code NOTIFY_BROKER_ROLE_CHANGED}), each of which makes this broker look at the controller's view at once
     * ({@link #syncSoon}) and is not trusted beyond that, as anyone may send it; and the admin's question
     * {@code GET_BROKER_EPOCH_CACHE} ({@code mqadmin getBrokerEpoch}).
     */
    public void serve(RemotingServer server) {
        server.registerProcessor(ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED, (context, request) -> {
            syncSoon();
            return request.isOneway() ? null : RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }, notices);
        server.registerProcessor(ControllerCodes.GET_BROKER_EPOCH_CACHE, (context, request) ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(epochCache()), notices);
    }

    /**
     * RocketMQ's EpochEntryCache: this broker's group and id, its epoch entries, each ending where the next
     * begins (the last at the log's end), and the log's end.
     */
    private byte[] epochCache() {
        long end = logEnd.getAsLong();
        long[][] entries = ha.epochEntries();
        JSONArray list = new JSONArray();
        for (int i = 0; i < entries.length; i++) {
            JSONObject entry = new JSONObject();
            entry.put("epoch", (int) entries[i][0]);
            entry.put("startOffset", entries[i][1]);
            entry.put("endOffset", i + 1 < entries.length ? entries[i + 1][1] : end);
            list.add(entry);
        }
        JSONObject cache = new JSONObject();
        cache.put("clusterName", cluster);
        cache.put("brokerName", brokerName);
        cache.put("brokerId", brokerId);
        cache.put("epochList", list);
        cache.put("maxOffset", end);
        return cache.toJSONString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Looks at the controller's view of the group now instead of at the next period: the controller's notice
     * that the group's master changed. Any thread.
     */
    public void syncSoon() {
        try {
            scheduler.execute(this::syncMetadata);
        } catch (RejectedExecutionException e) {
            LOG.debug("closing; the role notice is dropped");
        }
    }

    /** This broker's id in its group, or -1 before the controller gave one. */
    public long brokerId() {
        return brokerId;
    }

    public boolean isMaster() {
        return master;
    }

    /** Whether this broker may acknowledge sends now: not a master, or a master within its lease. Any thread. */
    private boolean leaseHolds() {
        return !master || System.nanoTime() - leaseFromNanos < leaseNanos;
    }

    private void beat() {
        try {
            if (brokerId < 0) {
                join();
                return;
            }
            long sent = System.nanoTime();
            controllers.heartbeat(cluster, brokerName, address, brokerId, ha.epoch(), logEnd.getAsLong(),
                    config.controllerHeartBeatTimeoutMills());
            leaseFromNanos = sent;
            if (lapseLogged) {
                lapseLogged = false;
                LOG.info("{}/{} reached the controller again: acknowledging sends", brokerName, brokerId);
            }
        } catch (Exception e) {
            LOG.warn("controller heartbeat of {} failed: {}", brokerName, e.toString());
            if (!leaseHolds() && !lapseLogged) {
                lapseLogged = true;
                LOG.warn("{}/{} is master but its lease with the controller lapsed: refusing sends until a "
                        + "heartbeat is answered, as the controller may elect another master", brokerName, brokerId);
            }
        }
    }

    /** Gets an id, registers, and takes the role the controller answers (asking for an election if none). */
    private void join() throws Exception {
        long id = loadOrApplyId();
        MasterView view = controllers.register(cluster, brokerName, id, address);
        if (!view.ok()) {
            throw new IllegalStateException("the controller refused to register " + brokerName + "/" + id + ": "
                    + view.remark());
        }
        brokerId = id;
        LOG.info("registered with the controller as {} of {}", id, brokerName);
        leaseFromNanos = System.nanoTime();
        follow(view.masterBrokerId() == null ? controllers.electMaster(cluster, brokerName, id) : view);
    }

    private void syncMetadata() {
        if (brokerId < 0) {
            return;
        }
        try {
            MasterView view = controllers.replicaInfo(brokerName);
            if (view.masterBrokerId() == null) {
                view = controllers.electMaster(cluster, brokerName, brokerId);
            }
            follow(view);
        } catch (Exception e) {
            LOG.warn("cannot learn the master of {} from the controller: {}", brokerName, e.toString());
        }
    }

    /** Takes the role {@code view} gives this broker. */
    private void follow(MasterView view) {
        if (view.masterBrokerId() == null) {
            return;
        }
        if (view.isMaster(brokerId)) {
            if (!master || view.masterEpoch() != masterEpoch) {
                followed = true;
                masterEpoch = view.masterEpoch();
                syncStateSetEpoch = view.syncStateSetEpoch();
                syncStateSet = Set.copyOf(view.syncStateSet());
                ha.confirmedSlaves(without(syncStateSet, brokerId));
                ha.becomeMaster(masterRole, masterEpoch);
                master = true;
                LOG.info("{}/{} is the master at epoch {}, in-sync set {}", brokerName, brokerId, masterEpoch,
                        syncStateSet);
                changes.becameMaster();
            }
        } else {
            if (master || !followed) {
                master = false;
                ha.becomeSlave();
                followed = true;
                LOG.info("{}/{} follows master {} ({}) at epoch {}", brokerName, brokerId, view.masterBrokerId(),
                        view.masterAddress(), view.masterEpoch());
                changes.becameSlave(brokerId);
            } else if (view.masterEpoch() != masterEpoch) {
                LOG.info("{}/{} now follows master {} ({}) at epoch {}", brokerName, brokerId,
                        view.masterBrokerId(), view.masterAddress(), view.masterEpoch());
            }
            masterEpoch = view.masterEpoch();
            changes.masterIs(view.masterAddress());
        }
    }

    /** As master: proposes the slaves now caught up as the in-sync set when it differs from the confirmed one. */
    private void checkSyncStateSet() {
        if (!master) {
            return;
        }
        Set<Long> wanted = new TreeSet<>(ha.caughtUpSlaves());
        wanted.add(brokerId);
        if (wanted.equals(syncStateSet)) {
            return;
        }
        try {
            MasterView answer = controllers.alterSyncStateSet(brokerName, brokerId, masterEpoch, syncStateSetEpoch,
                    wanted);
            if (!answer.ok()) {
                LOG.warn("the controller refused in-sync set {} of {}: {}", wanted, brokerName, answer.remark());
                return;
            }
            syncStateSetEpoch = answer.syncStateSetEpoch();
            syncStateSet = answer.syncStateSet().isEmpty() ? Set.copyOf(wanted) : Set.copyOf(answer.syncStateSet());
            ha.confirmedSlaves(without(syncStateSet, brokerId));
            LOG.info("in-sync set of {} is now {} (epoch {})", brokerName, syncStateSet, syncStateSetEpoch);
        } catch (Exception e) {
            LOG.warn("cannot report the in-sync set of {}: {}", brokerName, e.toString());
        }
    }

    private static Set<Long> without(Set<Long> set, long id) {
        Set<Long> rest = new TreeSet<>(set);
        rest.remove(id);
        return rest;
    }

    private long loadOrApplyId() throws Exception {
        Path file = storeRoot.resolve(ID_FILE);
        if (Files.exists(file)) {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        long id = controllers.nextBrokerId(cluster, brokerName);
        if (!controllers.applyBrokerId(cluster, brokerName, id, address)) {
            throw new IllegalStateException("the controller did not give id " + id + " of " + brokerName);
        }
        write(file, Long.toString(id));
        return id;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the broker id in " + file, e);
        }
    }

    @Override
    public void close() {
        notices.shutdownNow();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
