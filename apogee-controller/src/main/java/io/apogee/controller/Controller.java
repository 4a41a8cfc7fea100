package io.apogee.controller;

import io.apogee.controller.election.BrokerLiveness;
import io.apogee.controller.election.Elector;
import io.apogee.controller.election.MasterWatch;
import io.apogee.controller.raft.RaftNode;
import io.apogee.controller.requests.ControllerProcessor;
import io.apogee.controller.requests.RoleNotifier;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.controller.state.Command;
import io.apogee.controller.state.ReplicaState;
import io.apogee.remoting.ConnectionListener;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One controller: its member of the Raft group ({@link RaftNode}), the remoting port brokers and admin tools talk
 * to, and one scheduler thread that announces this controller's remoting address to the group and, while
 * leader, watches for lost masters.
 *
 * <pre>
 *   broker/admin --remoting--> ControllerProcessor --submit--> RaftNode ==Raft==> every controller's ReplicaState
 *                                     |                                              ^
 *                                BrokerLiveness (leader-local) <-- MasterWatch ------+
 * </pre>
 *
 * <p>Thread safety: {@link #start()} and {@link #shutdown()} on the owning thread; the rest is safe from any.
 */
public final class Controller {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    private static final int REQUEST_QUEUE_CAPACITY = 10_000;
    /** How often this controller checks that the group knows its remoting address. */
    private static final long ANNOUNCE_INTERVAL_MILLIS = 500;

    private final ControllerConfig config;
    private final ReplicaState state = new ReplicaState();
    private final RaftNode node;
    /** This controller's own port, or null when another server (a name server's) serves its requests. */
    private RemotingServer server;
    private final MasterWatch watch;
    private final ScheduledExecutorService scheduler;
    private final ControllerProcessor processor;
    private final BrokerLiveness liveness;
    /** Tells brokers of their new master at once; null when {@code notifyBrokerRoleChanged} is off. */
    private final RoleNotifier notifier;
    private volatile String remotingAddress;

    public Controller(ControllerConfig config) {
        this(config, System::currentTimeMillis);
    }

    public Controller(ControllerConfig config, LongSupplier clock) {
        this.config = config.validate();
        this.node = new RaftNode(config, state, clock);
        this.liveness = new BrokerLiveness(clock, config.brokerHeartbeatTimeoutMillis());
        Elector elector = new Elector(liveness, node::leaderSinceMillis, config.enableElectUncleanMaster());
        this.notifier = config.notifyBrokerRoleChanged() ? new RoleNotifier() : null;
        Consumer<BrokerGroup> elected = notifier == null ? group -> { } : notifier::masterChanged;
        this.watch = new MasterWatch(node, state, elector, elected);
        this.processor = new ControllerProcessor(node, state, liveness, elector, config.group(), config.peersText(),
                config::values, elected);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "controller-" + config.selfId() + "-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The processor of the controller's requests, to serve them on another server (a name server's) instead of
     * a port of its own: register it for {@link ControllerProcessor#CODES}, then call {@link #startServedOn}.
     */
    public RequestProcessor processor() {
        return processor;
    }

    /** Joins the Raft group and listens on {@code listenPort}; returns once both run, not once a leader is elected. */
    public void start() {
        server = new RemotingServer(new ServerConfig().name("controller").bindAddress(config.bindAddress())
                .port(config.listenPort()));
        ThreadPoolExecutor executor = BoundedExecutor.create("controller-request", config.threads(),
                REQUEST_QUEUE_CAPACITY);
        for (int code : ControllerProcessor.CODES) {
            server.registerProcessor(code, processor, executor);
        }
        server.addListener(new ConnectionListener() {
            @Override
            public void onClose(Connection connection) {
                connectionClosed(connection);
            }
        });
        server.start();
        try {
            startServedOn(server.localAddress().getPort());
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
    }

    /**
     * Joins the Raft group, its requests served by another server on {@code port} of this host, which already
     * has {@link #processor()} registered.
     */
    public void startServedOn(int port) {
        node.start();
        String raftAddress = config.peers().stream().filter(p -> p.id().equals(config.selfId())).findFirst()
                .orElseThrow().address();
        remotingAddress = raftAddress.substring(0, raftAddress.lastIndexOf(':')) + ":" + port;
        scheduler.scheduleWithFixedDelay(this::announce, 0, ANNOUNCE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(watch::scan, config.scanInactiveMasterInterval(),
                config.scanInactiveMasterInterval(), TimeUnit.MILLISECONDS);
        LOG.info("controller {} serving brokers on {}", config.selfId(), remotingAddress);
    }

    /**
     * A connection to this controller's requests closed (called by the server that serves them): brokers whose
     * heartbeats came over it count as lost once their lease has run out, and the lost-master scan runs then
     * rather than at its next period, so a killed master is replaced within about half a heartbeat timeout.
     */
    public void connectionClosed(Connection connection) {
        long wait = liveness.connectionClosed(connection);
        if (wait >= 0 && node.isLeaderReady()) {
            LOG.info("a broker's connection to the controller closed: looking for lost masters in {} ms", wait);
            try {
                scheduler.schedule(watch::scan, wait + 1, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("controller stopping; no scan after the close");
            }
        }
    }

    /** Writes this controller's remoting address to the log until the group has it, so followers can name it. */
    private void announce() {
        if (remotingAddress.equals(state.controllerAddress(config.selfId())) || node.leaderId() == null) {
            return;
        }
        try {
            node.submit(Command.controllerAddress(config.selfId(), remotingAddress)).join();
        } catch (RuntimeException e) {
            LOG.debug("controller address not announced yet: {}", e.toString());
        }
    }

    /** The address brokers reach this controller's requests on. */
    public String remotingAddress() {
        return remotingAddress;
    }

    /** The replicated state as this controller has applied it. */
    public ReplicaState state() {
        return state;
    }

    /** This controller's Raft member. */
    public RaftNode node() {
        return node;
    }

    /** Runs one lost-master scan now (tests). */
    public void scanNow() {
        watch.scan();
    }

    /** Stops the scheduler, the server and the Raft member. */
    public void shutdown() {
        scheduler.shutdownNow();
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.shutdown();
        }
        node.close();
    }
}
