package io.apogee.broker;

import io.apogee.broker.admin.AdminFeature;
import io.apogee.broker.admin.AdminTools;
import io.apogee.broker.admin.BrokerSettings;
import io.apogee.broker.client.ClientFeature;
import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.client.ConsumerNotifier;
import io.apogee.broker.filter.PropertyFilters;
import io.apogee.broker.ha.ControllerMode;
import io.apogee.broker.ha.HaFeature;
import io.apogee.broker.ha.SlaveSync;
import io.apogee.broker.metrics.BrokerMetrics;
import io.apogee.broker.offset.OffsetFeature;
import io.apogee.broker.pull.PullFeature;
import io.apogee.broker.registration.NameServerRegistrar;
import io.apogee.broker.registration.RegistrationService;
import io.apogee.broker.schedule.DeliveryRouter;
import io.apogee.broker.schedule.MasterDelivery;
import io.apogee.broker.schedule.ScheduleDelivery;
import io.apogee.broker.send.SendFeature;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.stats.StatsSampler;
import io.apogee.broker.subscription.DeferredWrites;
import io.apogee.broker.subscription.SubscriptionGroupTable;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.topic.TopicTable;
import io.apogee.broker.transaction.PendingHalfMessages;
import io.apogee.broker.transaction.TransactionFeature;
import io.apogee.metrics.MetricsEndpoint;
import io.apogee.metrics.RemotingMeters;
import io.apogee.protocol.message.HostAddress;
import io.apogee.remoting.RpcHook;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.connection.EndpointCounters;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import io.apogee.remoting.tls.ChannelTls;
import io.apogee.remoting.tls.TlsConfig;
import io.apogee.remoting.tls.TlsContexts;
import io.apogee.security.SecurityStore;
import io.apogee.security.ServerSecurity;
import io.apogee.store.DiskUsageSource;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStore;
import io.apogee.store.MessageStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BiFunction;

/**
 * A broker: opens the store and the shared tables, then starts one feature after another (send, clients,
 * offsets, pull, admin, transactions, delayed and timed delivery, registration). Each feature lives in
 * its own package, registers its own codes and owns its executors and periodic tasks; this class holds
 * no request logic and no schedule of its own.
 *
 * <p>Start order: bind the port (so the store host carries the real port) while answering every request
 * "starting" (SYSTEM_BUSY), recover the store, start every feature, serve requests, then register with
 * the name servers so that routes only name a broker that is ready. Whatever start opens is remembered,
 * newest first: a failed step closes what the steps before it opened, and shutdown closes it all.
 *
 * <p>Registration with name servers runs on its own thread ({@link RegistrationService}), coalesced, so a
 * slow name server delays nothing else.
 *
 * <p>Thread safety: {@link #start()} and {@link #shutdown()} are called by the owning thread.
 */
public final class Broker {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final BiFunction<MessageStoreConfig, HostAddress, MessageStore> stores;
    private final RemotingServer server;
    private final RemotingClient nameServerClient;
    /** What start has opened so far, newest first: closed in that order by a failed start and by shutdown. */
    private final Deque<Runnable> opened = new ArrayDeque<>();
    /** Writes topics and groups created on first use, coalesced, off the request threads. */
    private final DeferredWrites deferredWrites = new DeferredWrites(100);
    private final ClientRegistry<Connection> clients = new ClientRegistry<>();
    private final PendingHalfMessages pendingHalfMessages = new PendingHalfMessages();
    private MessageStore store;
    private NameServerRegistrar registrar;
    private RegistrationService registration;
    private PullFeature pull;
    private HaFeature ha;
    private SecurityStore securityStore;
    private String brokerAddr;
    /** Where metrics go: given by {@link #metrics(MetricsEndpoint)}, or opened at start when configured. */
    private MetricsEndpoint metrics;

    public Broker(BrokerConfig config) {
        this(config, (storeConfig, storeHost) -> new MappedMessageStore(storeConfig, storeHost,
                DiskUsageSource.fileSystem()));
    }

    /** As the public constructor, with the store made by {@code stores}: tests give it a disk that stalls. */
    Broker(BrokerConfig config, BiFunction<MessageStoreConfig, HostAddress, MessageStore> stores) {
        this.stores = stores;
        this.config = config.validate();
        TlsConfig tls = config.tls().resolved();
        this.nameServerClient = new RemotingClient(new ClientConfig().tls(TlsContexts.client(tls, tls.clientEnabled())));
        this.server = new RemotingServer(config.limits().applyTo(new ServerConfig()).name("broker")
                .bindAddress(config.bindAddress())
                .tls(TlsContexts.server(tls))
                .port(config.listenPort())
                .serverQueuedRequestBytesMax(config.serverQueuedRequestBytesMax())
                .serverQueuedRequestBytesPerConnectionMax(config.serverQueuedRequestBytesPerConnectionMax())
                .partialFrameBytesMax(config.partialFrameBytesMax())
                .frameCompleteTimeoutMillis(config.frameCompleteTimeoutMillis()));
    }

    /**
     * Starts serving and registers with every configured name server; returns when ready.
     *
     * <p>The port is bound first, because the store writes the broker's real address into every record,
     * but requests are answered SYSTEM_BUSY ("starting", which clients retry) until recovery is done and
     * every processor is registered. A step that fails closes everything opened before it, newest first,
     * and rethrows: a failed start leaves no thread, port or file behind.
     */
    public void start() {
        try {
            server.holdRequestsUntilReady();
            server.start();
            opened.push(server::shutdown);
            int port = server.port();
            brokerAddr = config.advertisedIP() + ":" + port;
            startParts(storeHost(port));
            server.ready();
            registration.start();
        } catch (RuntimeException | Error e) {
            closeOpened();
            throw e;
        }
        LOG.info("broker {} of cluster {} serving at {}", config.brokerName(), config.brokerClusterName(), brokerAddr);
    }

    private HostAddress storeHost(int port) {
        try {
            return new HostAddress(InetAddress.getByName(config.advertisedIP()).getAddress(), port);
        } catch (IOException e) {
            throw new IllegalArgumentException("brokerIP1 '" + config.advertisedIP() + "' is not an address", e);
        }
    }

    private void startParts(HostAddress storeHost) {
        store = stores.apply(config.store(), storeHost);
        try {
            store.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the store under " + config.store().storePathRootDir() + ": "
                    + e.getMessage(), e);
        }
        opened.push(store::shutdown);
        Path configDir = Path.of(config.store().storePathRootDir(), "config");
        TopicTable topics = new TopicTable(configDir.resolve("topics.json"), config.brokerClusterName(),
                config.brokerName(), config.autoCreateTopicEnable(), config.defaultTopicQueueNums());
        topics.deferWritesTo(deferredWrites);
        opened.push(deferredWrites::close);
        securityStore = ServerSecurity.install(server, config.security(), configDir.resolve("security"),
                nameServerClient);
        nameServerClient.start();
        opened.push(nameServerClient::shutdown);
        registrar = new NameServerRegistrar(config, topics, nameServerClient, brokerAddr);
        ha = open(new HaFeature(config, store, registrar::masterHaAddress, registrar::brokerId));
        registrar.haServerAddr(config.advertisedIP() + ":" + ha.haPort());
        registration = new RegistrationService(registrar::registerAll, config.registerNameServerPeriod());
        opened.push(registration::shutdown);
        SubscriptionGroupTable groupTable = new SubscriptionGroupTable(configDir.resolve("subscriptionGroup.json"));
        groupTable.deferWritesTo(deferredWrites);
        SubscriptionGroups groups = new SubscriptionGroups(groupTable, topics, config.autoCreateSubscriptionGroup(),
                registration::requestNow);
        TransactionFeature transactions = open(new TransactionFeature(server, config, ha.store(), clients,
                pendingHalfMessages));
        BrokerStats stats = new BrokerStats(System::currentTimeMillis, ZoneId.systemDefault());
        open(new StatsSampler(stats));
        DeliveryRouter router = new DeliveryRouter(config.messageDelayLevel(), config.timerMaxDelaySec(),
                System::currentTimeMillis);
        SendFeature send = new SendFeature(server, config, ha.store(), topics, groups, router, storeHost, clients, stats,
                registration::requestNow);
        PropertyFilters filters = new PropertyFilters(config.enablePropertyFilter());
        open(new ClientFeature(server, config, clients, new ConsumerNotifier(clients), groups, filters));
        OffsetFeature offsets = open(new OffsetFeature(server, store, configDir.resolve("consumerOffset.json")));
        RoleWork roleWork = open(new RoleWork(
                () -> MasterDelivery.start(ha.store(), config.messageDelayLevel(), topics, configDir),
                () -> new SlaveSync(nameServerClient, registrar::masterAddress, topics, groupTable, offsets.table(),
                        configDir.resolve(ScheduleDelivery.PROGRESS_FILE), registration::requestNow,
                        config.ha().slaveSyncInterval()).start()));
        if (config.ha().enableControllerMode()) {
            startControllerMode(roleWork);
        } else if (ha.role().isMaster()) {
            roleWork.master();
        } else {
            roleWork.slave();
        }
        pull = open(new PullFeature(server, config.pullMessageThreadPoolNums(), config.pullMessageOnIoThread(), store,
                clients, offsets.table(), groups, filters, stats));
        // A master is alive to its slave while a name server's registration answer still names it.
        pull.advice(ha.pullAdvice(registrar::brokerId, groups, config.store().transferLimits(), store,
                () -> ha.role().isMaster() || registrar.masterAddress() != null));
        BrokerSettings settings = new BrokerSettings(config, System.currentTimeMillis())
                .changeable(BrokerConfig.AUTO_CREATE_TOPIC_ENABLE,
                        c -> send.processor().autoCreateTopicEnable(c.autoCreateTopicEnable()))
                .changeable(BrokerConfig.AUTO_CREATE_SUBSCRIPTION_GROUP,
                        c -> groups.autoCreate(c.autoCreateSubscriptionGroup()));
        AdminFeature.register(server, store, topics, groups, offsets.table(), clients, registrar::registerAll,
                new AdminTools.Parts(settings, stats, store, new File(config.store().storePathRootDir()), topics,
                        groups, clients, offsets.table(), send.executor(), pull.executor(), config.brokerName(),
                        brokerAddr, System::currentTimeMillis, ha, () -> config.ha().haMasterAddress().isEmpty()
                        ? registrar.masterHaAddress() : config.ha().haMasterAddress()));
        startMetrics(new BrokerMetrics.Parts(config.brokerClusterName(), config.brokerName(), stats, topics,
                groupTable, clients, offsets.table(), store, Path.of(config.store().storePathRootDir()),
                pendingHalfMessages, transactions.counters(), server, send.executor(), pull));
    }

    /** Serves metrics on the endpoint given, or opens one when {@code metricsExporterType=PROM}; else none. */
    private void startMetrics(BrokerMetrics.Parts parts) {
        if (metrics == null && config.metrics().prometheus()) {
            metrics = MetricsEndpoint.start(config.metrics().bindHost(config.bindAddress()), config.metrics().port(),
                    RemotingMeters.node(config.brokerClusterName(), "broker", config.brokerName()));
            opened.push(metrics::close);
        }
        if (metrics != null) {
            BrokerMetrics.bind(metrics, parts);
        }
    }

    /**
     * Registers this broker's metrics on {@code endpoint} (shared with a name server in one process) instead of
     * opening an endpoint of its own; call before {@link #start()}. The caller closes the endpoint.
     */
    public Broker metrics(MetricsEndpoint endpoint) {
        this.metrics = endpoint;
        return this;
    }

    /** The metrics endpoint this broker serves on, or null when metrics are off. */
    public MetricsEndpoint metrics() {
        return metrics;
    }

    /**
     * The controller decides this broker's id and role: it waits as a slave until named master, and each role
     * change re-registers with the name servers under the id that role has (0 for the master).
     */
    private void startControllerMode(RoleWork roleWork) {
        registrar.brokerId(-1);
        ControllerMode mode = open(new ControllerMode(config.ha(), config.brokerClusterName(), config.brokerName(),
                brokerAddr, Path.of(config.store().storePathRootDir()), nameServerClient, ha,
                store::commitLogMaxOffset, new ControllerMode.RoleChanges() {
                    @Override
                    public void becameMaster() {
                        registrar.brokerId(0);
                        roleWork.master();
                        registration.requestNow();
                    }

                    @Override
                    public void becameSlave(long brokerId) {
                        registrar.brokerId(brokerId);
                        roleWork.slave();
                        registration.requestNow();
                    }

                    @Override
                    public void masterIs(String masterAddress) {
                        if (masterAddress != null && !masterAddress.equals(registrar.masterAddress())) {
                            registration.requestNow();
                        }
                    }
                }));
        mode.serve(server);
        mode.start();
    }

    private <T extends AutoCloseable> T open(T feature) {
        opened.push(() -> {
            try {
                feature.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return feature;
    }

    /** Closes what start opened, newest first; a failure while closing is logged, not thrown. */
    private void closeOpened() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().run();
            } catch (RuntimeException e) {
                LOG.warn("closing the broker's parts: {}", e.toString());
            }
        }
    }

    /**
     * Unregisters from name servers (so routes stop naming this broker), answers parked pulls, stops
     * serving, then closes every feature newest first and the store last, cleanly.
     */
    public void shutdown() {
        if (registration != null) {
            registration.shutdown();
            registrar.unregisterAll();
        }
        if (pull != null) {
            pull.releaseHeldPulls();
        }
        server.shutdown();
        closeOpened();
    }

    /** The address clients reach this broker at ({@code advertisedIP:port}). */
    public String brokerAddr() {
        return brokerAddr;
    }

    /** The broker's users and ACLs (what its requests are checked against when authentication is on); after start. */
    public SecurityStore securityStore() {
        return securityStore;
    }

    /** The TLS of the broker's port with its counters, or null when it serves plain text only; any thread. */
    public ChannelTls tls() {
        return server.tls();
    }

    /** The bound address; with port 0 it tells the port chosen. */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Who is connected, for embedding and tests. */
    public ClientRegistry<Connection> clients() {
        return clients;
    }

    /** The transaction half messages still undecided, for tests. */
    public PendingHalfMessages pendingHalfMessages() {
        return pendingHalfMessages;
    }

    /** This broker's part in its group (role, replication), for embedding and tests; null before start. */
    public HaFeature ha() {
        return ha;
    }

    /** The store, for embedding and tests. */
    public MessageStore store() {
        return store;
    }

    /**
     * Adds a hook that sees every request this broker serves and sends ({@link RpcHook} says on which threads),
     * as RocketMQ's server RPC hooks: for embedding (auditing, access control) and for tests that need a slow
     * processor.
     */
    public void addHook(RpcHook hook) {
        server.addHook(hook);
    }

    /** Every request code this broker serves, for tests that must cover them all. */
    public int[] servedCodes() {
        return server.servedCodes();
    }

    /** Request body bytes waiting for or in processors, all connections together. */
    public long queuedRequestBytes() {
        return server.queuedRequestBytes();
    }

    /** The client connections open on the broker's port now, a live view; any thread. */
    public Collection<Connection> connections() {
        return server.connections();
    }

    /** What the broker's connections were refused or closed for, as its metrics count it; for embedding and tests. */
    public EndpointCounters remotingCounters() {
        return server.counters();
    }

    /** Bytes reserved by frames being received, all connections together. */
    public long partialFrameBytes() {
        return server.partialFrames().reserved();
    }
}
