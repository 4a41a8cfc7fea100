package io.apogee.client.instance;

import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.ServiceState;
import io.apogee.client.producer.Producer;
import io.apogee.client.remote.BrokerApi;
import io.apogee.client.remote.MessageApi;
import io.apogee.client.remote.NameServerApi;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.tls.TlsConfig;
import io.apogee.remoting.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The shared core of the producers and consumers of one client id: one transport (one connection
 * per server), the routes and brokers they know, the scheduled bookkeeping and the pull and
 * rebalance threads.
 *
 * <pre>
 * start():  CREATE_JUST -> START_FAILED -> (address server) -> transport -> scheduled tasks
 *           -> pull service -> rebalance service -> inner producer -> RUNNING
 * shutdown(), once no producer or consumer is left: inner producer -> pull service -> scheduler
 *           -> transport -> rebalance service -> leave the ClientManager
 * </pre>
 *
 * <p>Scheduled on one scheduler thread: name-server address refresh (only when it came from the
 * address server, which may be unreachable at start: that is logged and retried), route refresh every
 * {@code pollNameServerInterval}, offline-broker cleanup and heartbeats every
 * {@code heartbeatBrokerInterval}, offset persistence every {@code persistConsumerOffsetInterval},
 * thread-pool sizing every {@code adjustThreadPoolInterval}, each first run after 5.3.3's first delay.
 *
 * <p>Thread safety: lifecycle methods are synchronized; everything else may be called from any
 * thread.
 */
public final class ClientInstance {

    private static final Logger LOG = LoggerFactory.getLogger(ClientInstance.class);
    /** The least time between two refreshes of a topic's route after failed sends. */
    private static final long ROUTE_REFRESH_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ClientOptions options;
    private final String clientId;
    private final ClientManager manager;
    private final RemotingClient transport;
    private final NameServerApi nameServer;
    private final BrokerApi brokerApi;
    private final MessageApi messageApi;
    private final BrokerDirectory brokers = new BrokerDirectory();
    private final RouteRegistry routes;
    private final HeartbeatSender heartbeats;
    private final Map<String, ProducerMember> producers = new ConcurrentHashMap<>();
    private final Map<String, ConsumerMember> consumers = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    /** When each topic's route was last refreshed after a failed send (nanoTime). */
    private final ConcurrentHashMap<String, Long> routeRefreshes = new ConcurrentHashMap<>();
    private final PullMessageService pullService;
    private final RebalanceService rebalanceService;
    private final Producer innerProducer;
    private final ReplyProcessor replies = new ReplyProcessor();
    private volatile ServiceState state = ServiceState.CREATE_JUST;
    private volatile boolean namesrvFromAddressServer;

    ClientInstance(ClientOptions options, String clientId, ClientManager manager) {
        this.options = options;
        this.clientId = clientId;
        this.manager = manager;
        this.transport = new RemotingClient(new ClientConfig().name("apogee-client")
                .connectTimeoutMillis(Math.min(3_000, options.getMqClientApiTimeout()))
                .tls(TlsContexts.client(TlsConfig.fromSystemProperties(), options.isUseTLS())));
        if (options.getRpcHook() != null) {
            transport.addHook(options.getRpcHook());
        }
        this.nameServer = new NameServerApi(transport);
        this.brokerApi = new BrokerApi(transport);
        this.messageApi = new MessageApi(transport);
        this.routes = new RouteRegistry(nameServer, brokers, producers, consumers, options.getMqClientApiTimeout(),
                this::heartbeatSoon);
        this.heartbeats = new HeartbeatSender(clientId, brokerApi, brokers, producers, consumers,
                options.getMqClientApiTimeout());
        this.scheduler = new ScheduledThreadPoolExecutor(1, new NamedThreads("apogee-scheduler-" + clientId));
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.pullService = new PullMessageService(clientId);
        this.rebalanceService = new RebalanceService(clientId, this::doRebalance);
        ServerRequestHandler handler = new ServerRequestHandler(producers, consumers, rebalanceService);
        transport.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, handler,
                BoundedExecutor.create("apogee-callback-" + clientId, 1, 1024));
        transport.registerProcessor(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, handler,
                BoundedExecutor.create("apogee-reset-" + clientId, 1, 64));
        transport.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, handler,
                BoundedExecutor.create("apogee-tx-check-" + clientId, 1, 2000));
        transport.registerProcessor(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, replies,
                BoundedExecutor.create("apogee-reply-" + clientId, 1, 10_000));
        this.innerProducer = new Producer(Producer.CLIENT_INNER_PRODUCER_GROUP);
        this.innerProducer.copyOptionsFrom(options);
    }

    /**
     * Starts the instance. A second start of a running instance does nothing; one that failed or
     * was shut down throws.
     */
    public synchronized void start() {
        switch (state) {
            case CREATE_JUST -> {
                state = ServiceState.START_FAILED;
                try {
                    startSteps();
                } catch (RuntimeException e) {
                    stopAll();
                    throw e;
                }
                state = ServiceState.RUNNING;
            }
            case RUNNING -> { }
            case START_FAILED -> throw new ClientException("the client instance " + clientId
                    + " has been created before, and failed (state START_FAILED)");
            case SHUTDOWN_ALREADY -> throw new ClientException("the client instance " + clientId
                    + " is shut down (state SHUTDOWN_ALREADY)");
        }
    }

    private void startSteps() {
        if (options.getNamesrvAddr() == null || options.getNamesrvAddr().isBlank()) {
            namesrvFromAddressServer = true;
            fetchNameServerAddressLogged();
        } else {
            nameServer.updateAddresses(options.getNamesrvAddr());
        }
        transport.start();
        scheduleTasks();
        pullService.start();
        rebalanceService.start();
        innerProducer.start(false);
    }

    /**
     * Asks the address server for the name servers. As RocketMQ 5.3.3, a failure is logged, not thrown:
     * the client starts without name servers and the scheduled fetch retries.
     */
    private void fetchNameServerAddressLogged() {
        NamesrvAddressFetcher fetcher = new NamesrvAddressFetcher(options.namesrvAddressUrl(),
                options.getMqClientApiTimeout());
        try {
            String list = fetcher.fetch();
            if (nameServer.updateAddresses(list)) {
                LOG.info("client {} uses name servers {} from {}", clientId, list, fetcher.url());
            }
        } catch (ClientException e) {
            LOG.warn("client {}: {}; retried every {} ms", clientId, e.getMessage(),
                    options.getFetchNamesrvAddrInterval());
        }
    }

    /**
     * Schedules the bookkeeping with RocketMQ 5.3.3's first delays, so a new client refreshes its routes
     * at once and heartbeats within a second rather than a whole period after start: name-server
     * address fetch 10 s, route refresh 10 ms, offline-broker cleanup and heartbeat 1 s, offset persistence
     * 10 s, thread-pool sizing 1 min; a period shorter than its first delay is used as the first delay too.
     */
    private void scheduleTasks() {
        if (namesrvFromAddressServer) {
            every(10_000, options.getFetchNamesrvAddrInterval(), "name-server address fetch",
                    this::fetchNameServerAddressLogged);
        }
        every(10, options.getPollNameServerInterval(), "route refresh", routes::refreshAll);
        every(1_000, options.getHeartbeatBrokerInterval(), "heartbeat", () -> {
            routes.cleanOfflineBrokers();
            heartbeats.sendToAll();
        });
        every(10_000, options.getPersistConsumerOffsetInterval(), "offset persistence",
                this::persistAllConsumerOffsets);
        every(60_000, options.getAdjustThreadPoolInterval(), "thread-pool sizing",
                () -> consumers.values().forEach(ConsumerMember::adjustThreadPool));
    }

    private void every(long firstDelayMillis, long periodMillis, String what, Runnable task) {
        scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("client {}: scheduled {} failed: {}", clientId, what, e.toString());
            }
        }, Math.min(firstDelayMillis, periodMillis), periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Shuts the instance down once no producer (other than the inner one) and no consumer uses it.
     * Persists offsets, stops the services, closes every connection and leaves the manager.
     */
    public synchronized void shutdown() {
        if (!consumers.isEmpty() || producers.keySet().stream()
                .anyMatch(g -> !g.equals(Producer.CLIENT_INNER_PRODUCER_GROUP))) {
            return;
        }
        if (state == ServiceState.RUNNING || state == ServiceState.START_FAILED) {
            persistAllConsumerOffsets();
            innerProducer.shutdown(false);
            stopAll();
            state = ServiceState.SHUTDOWN_ALREADY;
            LOG.info("client instance {} shut down", clientId);
        }
        manager.remove(clientId, this);
    }

    private void stopAll() {
        try {
            pullService.shutdown();
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            transport.shutdown();
            rebalanceService.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers a producer group; false when the group is registered already. */
    public boolean registerProducer(String group, ProducerMember producer) {
        return producers.putIfAbsent(group, producer) == null;
    }

    /** Removes a producer group and tells every broker. */
    public void unregisterProducer(String group) {
        producers.remove(group);
        heartbeats.unregister(group, null);
    }

    /** Registers a consumer group; false when the group is registered already. */
    public boolean registerConsumer(String group, ConsumerMember consumer) {
        return consumers.putIfAbsent(group, consumer) == null;
    }

    /** Removes a consumer group and tells every broker. */
    public void unregisterConsumer(String group) {
        consumers.remove(group);
        heartbeats.unregister(null, group);
    }

    /** Sends a heartbeat with every group to every known broker now and waits for the answers. */
    public void sendHeartbeatToAllBrokers() {
        heartbeats.sendToAll();
    }

    /** Heartbeats every broker on the scheduler thread, without holding up the caller. */
    private void heartbeatSoon() {
        try {
            scheduler.execute(() -> {
                try {
                    heartbeats.sendToAll();
                } catch (RuntimeException e) {
                    LOG.warn("client {}: heartbeat to a new broker failed: {}", clientId, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("client {}: shut down, no heartbeat", clientId);
        }
    }

    /**
     * Fetches {@code topic}'s route again soon, on the scheduler thread, unless that was asked for it within the
     * last second: a send that failed may have met a master that died or stepped down, and waiting for the
     * periodic refresh ({@code pollNameServerInterval}) would keep sending to it. Any thread; never blocks.
     */
    public void refreshRouteSoon(String topic) {
        long now = System.nanoTime();
        Long last = routeRefreshes.get(topic);
        if (last != null && now - last < ROUTE_REFRESH_SPACING_NANOS) {
            return;
        }
        routeRefreshes.put(topic, now);
        try {
            scheduler.execute(() -> {
                try {
                    routes.update(topic);
                } catch (RuntimeException e) {
                    LOG.debug("client {}: refreshing the route of {} failed: {}", clientId, topic, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("client {}: shut down, no route refresh", clientId);
        }
    }

    /** Rebalances every consumer now, on the calling thread. */
    public void doRebalance() {
        for (ConsumerMember consumer : consumers.values()) {
            try {
                consumer.doRebalance();
            } catch (RuntimeException e) {
                LOG.warn("client {}: rebalance of {} failed: {}", clientId, consumer.group(), e.toString());
            }
        }
    }

    private void persistAllConsumerOffsets() {
        for (ConsumerMember consumer : consumers.values()) {
            try {
                consumer.persistConsumerOffset();
            } catch (RuntimeException e) {
                LOG.warn("client {}: persisting offsets of {} failed: {}", clientId, consumer.group(), e.toString());
            }
        }
    }

    public ServiceState state() { return state; }
    public String clientId() { return clientId; }
    public ClientOptions options() { return options; }
    /** The transport shared by every producer and consumer of this instance. */
    public RemotingClient transport() { return transport; }
    public NameServerApi nameServer() { return nameServer; }
    public BrokerApi brokerApi() { return brokerApi; }
    public MessageApi messageApi() { return messageApi; }
    public BrokerDirectory brokers() { return brokers; }
    public RouteRegistry routes() { return routes; }
    public PullMessageService pullService() { return pullService; }
    public RebalanceService rebalanceService() { return rebalanceService; }
    /** The instance's own producer (group CLIENT_INNER_PRODUCER), started and stopped with it as in RocketMQ. */
    public Producer innerProducer() { return innerProducer; }
    /** Requests waiting for their replies (request-reply). */
    public ReplyProcessor replies() { return replies; }
    /** The registered producer groups. */
    public List<String> producerGroups() { return List.copyOf(producers.keySet()); }
    /** The registered consumer groups. */
    public List<String> consumerGroups() { return List.copyOf(consumers.keySet()); }
    /** Whether the name-server addresses came from the address server. */
    public boolean isNamesrvFromAddressServer() { return namesrvFromAddressServer; }
}
