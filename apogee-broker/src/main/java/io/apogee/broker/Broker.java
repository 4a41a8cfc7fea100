package io.apogee.broker;

import io.apogee.broker.admin.AdminProcessor;
import io.apogee.broker.admin.AdminTools;
import io.apogee.broker.admin.BrokerSettings;
import io.apogee.broker.client.ClientProcessor;
import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.client.ConsumerNotifier;
import io.apogee.broker.filter.ClientConfigCheckProcessor;
import io.apogee.broker.filter.PropertyFilters;
import io.apogee.broker.lock.QueueLockProcessor;
import io.apogee.broker.lock.QueueLockTable;
import io.apogee.broker.offset.ConsumerOffsetProcessor;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.pull.PullProcessor;
import io.apogee.broker.query.QueryProcessor;
import io.apogee.broker.registration.NameServerRegistrar;
import io.apogee.broker.registration.RegistrationService;
import io.apogee.broker.retry.RetrySendPolicy;
import io.apogee.broker.retry.SendBackProcessor;
import io.apogee.broker.schedule.DeliveryRouter;
import io.apogee.broker.schedule.ScheduleDelivery;
import io.apogee.broker.send.SendProcessor;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.DeferredWrites;
import io.apogee.broker.subscription.OffsetResetProcessor;
import io.apogee.broker.subscription.SubscriptionGroupProcessor;
import io.apogee.broker.subscription.SubscriptionGroupTable;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.timer.TimerDelivery;
import io.apogee.broker.timer.TimerProperties;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.broker.transaction.EndTransactionProcessor;
import io.apogee.broker.transaction.HalfMessages;
import io.apogee.broker.transaction.PendingHalfMessages;
import io.apogee.broker.transaction.TransactionCheckService;
import io.apogee.broker.transaction.TransactionStore;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.message.HostAddress;
import io.apogee.remoting.ConnectionListener;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
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
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A broker: wires the store, the topic table, the request processors and the registration with
 * name servers. It holds no request logic of its own.
 *
 * <p>Start order: bind the port (so the store host carries the real port) while answering every request
 * "starting" (SYSTEM_BUSY), recover the store, register every processor, serve requests, then register
 * with the name servers so that routes only name a broker that is ready. A failed step closes what the
 * steps before it opened, newest first. Shutdown reverses the start.
 *
 * <p>Registration with name servers runs on its own thread ({@link RegistrationService}), coalesced, so
 * a slow name server never delays the scheduler's pull expiry, offset persistence or transaction checks.
 *
 * <p>Thread safety: {@link #start()} and {@link #shutdown()} are called by the owning thread.
 */
public final class Broker {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final int SEND_QUEUE_CAPACITY = 10_000;
    private static final int ADMIN_QUEUE_CAPACITY = 1_000;
    /** How often committed consumer offsets are written to disk, as RocketMQ's flushConsumerOffsetInterval. */
    private static final long OFFSET_PERSIST_MILLIS = 5_000;
    /** A client that sent no heartbeat for this long is forgotten, as RocketMQ's channelExpiredTimeout. */
    private static final long CLIENT_EXPIRY_MILLIS = 120_000;
    private static final long CLIENT_SCAN_MILLIS = 10_000;
    /** How often parked pulls are checked for an expired suspend time. */
    private static final long PULL_EXPIRY_CHECK_MILLIS = 1_000;
    /** How often pending half messages are looked at for a due check. */
    private static final long TRANSACTION_CHECK_TICK_MILLIS = 1_000;

    private final BrokerConfig config;
    private final BiFunction<MessageStoreConfig, HostAddress, MessageStore> stores;
    private final RemotingServer server;
    private final RemotingClient nameServerClient = new RemotingClient(new ClientConfig());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "broker-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private MessageStore store;
    private TopicTable topics;
    private NameServerRegistrar registrar;
    private RegistrationService registration;
    /** What start has opened so far, newest first, to close if a later step fails. */
    private final Deque<Runnable> opened = new ArrayDeque<>();
    /** Writes topics and groups created on first use, coalesced, off the request threads. */
    private final DeferredWrites deferredWrites = new DeferredWrites(100);
    private ConsumerOffsetTable offsets;
    private PullProcessor pull;
    private ScheduleDelivery scheduleDelivery;
    private TimerDelivery timerDelivery;
    private final ClientRegistry<Connection> clients = new ClientRegistry<>();
    private final ConsumerNotifier notifier = new ConsumerNotifier(clients);
    private String brokerAddr;
    private QueueLockTable<Connection> queueLocks;
    private final PendingHalfMessages pendingHalfMessages = new PendingHalfMessages();

    public Broker(BrokerConfig config) {
        this(config, (storeConfig, storeHost) -> new MappedMessageStore(storeConfig, storeHost,
                DiskUsageSource.fileSystem()));
    }

    /** As the public constructor, with the store made by {@code stores}: tests give it a disk that stalls. */
    Broker(BrokerConfig config, BiFunction<MessageStoreConfig, HostAddress, MessageStore> stores) {
        this.stores = stores;
        this.config = config.validate();
        this.server = new RemotingServer(new ServerConfig().name("broker").bindAddress(config.bindAddress())
                .port(config.listenPort()));
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
        opened.push(scheduler::shutdownNow);
        topics = new TopicTable(Path.of(config.store().storePathRootDir(), "config", "topics.json"),
                config.brokerClusterName(), config.brokerName(), config.autoCreateTopicEnable(),
                config.defaultTopicQueueNums());
        topics.deferWritesTo(deferredWrites);
        opened.push(deferredWrites::close);
        nameServerClient.start();
        opened.push(nameServerClient::shutdown);
        registrar = new NameServerRegistrar(config, topics, nameServerClient, brokerAddr);
        registration = new RegistrationService(registrar::registerAll, config.registerNameServerPeriod());
        opened.push(registration::shutdown);
        Path configDir = Path.of(config.store().storePathRootDir(), "config");
        SubscriptionGroupTable groupTable = new SubscriptionGroupTable(configDir.resolve("subscriptionGroup.json"));
        groupTable.deferWritesTo(deferredWrites);
        SubscriptionGroups groups = new SubscriptionGroups(groupTable, topics, config.autoCreateSubscriptionGroup(),
                registration::requestNow);
        DeliveryRouter router = new DeliveryRouter(config.messageDelayLevel(), config.timerMaxDelaySec(),
                System::currentTimeMillis);
        scheduleDelivery = new ScheduleDelivery(store, config.messageDelayLevel(),
                configDir.resolve(ScheduleDelivery.PROGRESS_FILE), System::currentTimeMillis);
        scheduleDelivery.start();
        opened.push(scheduleDelivery::shutdown);
        if (topics.get(TimerProperties.TIMER_TOPIC) == null) {
            topics.put(TopicConfig.of(TimerProperties.TIMER_TOPIC, 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE));
        }
        timerDelivery = new TimerDelivery(store, configDir.resolve("timerIndex.dat"), System::currentTimeMillis);
        timerDelivery.start();
        opened.push(timerDelivery::shutdown);

        startTransactions();
        BrokerStats stats = new BrokerStats(System::currentTimeMillis, ZoneId.systemDefault());
        scheduler.scheduleWithFixedDelay(stats::sample, BrokerStats.SAMPLE_MILLIS, BrokerStats.SAMPLE_MILLIS,
                TimeUnit.MILLISECONDS);
        ThreadPoolExecutor sendExecutor = BoundedExecutor.create("broker-send", config.sendMessageThreadPoolNums(),
                SEND_QUEUE_CAPACITY);
        SendProcessor send = new SendProcessor(store, topics, config.autoCreateTopicEnable(),
                config.brokerClusterName(), storeHost, registration::requestNow, router,
                new RetrySendPolicy(groups), stats);
        server.registerProcessor(RequestCode.SEND_MESSAGE, send, sendExecutor);
        server.registerProcessor(RequestCode.SEND_MESSAGE_V2, send, sendExecutor);
        server.registerProcessor(RequestCode.SEND_BATCH_MESSAGE, send, sendExecutor);
        server.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK, new SendBackProcessor(store, groups, router),
                sendExecutor);
        // Heartbeats on their own thread, as RocketMQ's heartbeat pool: a client naming many new groups
        // never delays another client's offset commits, locks or consumer lists.
        ExecutorService heartbeatExecutor = BoundedExecutor.create("broker-heartbeat", 1, ADMIN_QUEUE_CAPACITY);
        ExecutorService clientExecutor = BoundedExecutor.create("broker-client", 1, ADMIN_QUEUE_CAPACITY);
        ClientProcessor clientProcessor = new ClientProcessor(clients, groups, notifier, System::currentTimeMillis,
                config.maxConsumerGroupsPerHeartbeat());
        server.registerProcessor(RequestCode.HEART_BEAT, clientProcessor, heartbeatExecutor);
        server.registerProcessor(RequestCode.UNREGISTER_CLIENT, clientProcessor, heartbeatExecutor);
        server.registerProcessor(RequestCode.GET_CONSUMER_LIST_BY_GROUP, clientProcessor, clientExecutor);
        queueLocks = new QueueLockTable<>(config.rebalanceLockMaxLiveTime(), System::currentTimeMillis);
        QueueLockProcessor lockProcessor = new QueueLockProcessor(queueLocks);
        for (int code : QueueLockProcessor.codes()) {
            server.registerProcessor(code, lockProcessor, clientExecutor);
        }
        server.addListener(new ConnectionListener() {
            @Override
            public void onClose(Connection connection) {
                // Free a dead client's queues before its group is told to rebalance onto them.
                queueLocks.releaseOwner(connection);
                removeClients(connection);
            }
        });
        offsets = new ConsumerOffsetTable(Path.of(config.store().storePathRootDir(), "config", "consumerOffset.json"));
        ConsumerOffsetProcessor offsetProcessor = new ConsumerOffsetProcessor(offsets, store);
        server.registerProcessor(RequestCode.QUERY_CONSUMER_OFFSET, offsetProcessor, clientExecutor);
        server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, offsetProcessor, clientExecutor);
        ThreadPoolExecutor pullExecutor = BoundedExecutor.create("broker-pull", config.pullMessageThreadPoolNums(), SEND_QUEUE_CAPACITY);
        PropertyFilters propertyFilters = new PropertyFilters(config.enablePropertyFilter());
        pull = new PullProcessor(store, clients, offsets, groups, propertyFilters, pullExecutor,
                System::currentTimeMillis, stats);
        server.registerProcessor(RequestCode.CHECK_CLIENT_CONFIG, new ClientConfigCheckProcessor(propertyFilters),
                clientExecutor);
        server.registerProcessor(RequestCode.PULL_MESSAGE, pull, pullExecutor);
        // The lite pull consumer sends the same header under its own code.
        server.registerProcessor(RequestCode.LITE_PULL_MESSAGE, pull, pullExecutor);
        scheduler.scheduleWithFixedDelay(pull::expireHeldPulls, PULL_EXPIRY_CHECK_MILLIS, PULL_EXPIRY_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        ExecutorService adminExecutor = BoundedExecutor.create("broker-admin", 1, ADMIN_QUEUE_CAPACITY);
        AdminProcessor admin = new AdminProcessor(topics, store, config.brokerName(), registrar::registerAll);
        for (int code : AdminProcessor.codes()) {
            server.registerProcessor(code, admin, adminExecutor);
        }
        server.registerProcessor(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new OffsetResetProcessor(topics, offsets, store, clients, config.brokerName()), adminExecutor);
        SubscriptionGroupProcessor groupAdmin = new SubscriptionGroupProcessor(groups, offsets);
        for (int code : SubscriptionGroupProcessor.codes()) {
            server.registerProcessor(code, groupAdmin, adminExecutor);
        }
        ExecutorService queryExecutor = BoundedExecutor.create("broker-query", 2, ADMIN_QUEUE_CAPACITY);
        QueryProcessor query = new QueryProcessor(store);
        for (int code : QueryProcessor.codes()) {
            server.registerProcessor(code, query, queryExecutor);
        }
        BrokerSettings settings = new BrokerSettings(config, System.currentTimeMillis())
                .changeable(BrokerConfig.AUTO_CREATE_TOPIC_ENABLE, c -> send.autoCreateTopicEnable(c.autoCreateTopicEnable()))
                .changeable(BrokerConfig.AUTO_CREATE_SUBSCRIPTION_GROUP, c -> groups.autoCreate(c.autoCreateSubscriptionGroup()));
        AdminTools.register(server, adminExecutor, new AdminTools.Parts(settings, stats, store,
                new File(config.store().storePathRootDir()), topics, groups, clients, offsets, sendExecutor,
                pullExecutor, config.brokerName(), brokerAddr, System::currentTimeMillis));

        scheduler.scheduleWithFixedDelay(() -> removeClients(null), CLIENT_SCAN_MILLIS, CLIENT_SCAN_MILLIS,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::persistOffsets, OFFSET_PERSIST_MILLIS, OFFSET_PERSIST_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Closes what a failed start opened, newest first; a failure while closing is logged, not thrown. */
    private void closeOpened() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().run();
            } catch (RuntimeException e) {
                LOG.warn("closing after a failed start: {}", e.toString());
            }
        }
    }

    /** Unregisters from name servers, stops serving, then closes the store cleanly. */
    public void shutdown() {
        scheduler.shutdownNow();
        if (registration != null) {
            registration.shutdown();
        }
        if (registrar != null) {
            registrar.unregisterAll();
        }
        if (pull != null) {
            pull.releaseHeldPulls();
        }
        server.shutdown();
        nameServerClient.shutdown();
        if (scheduleDelivery != null) {
            scheduleDelivery.shutdown();
        }
        if (timerDelivery != null) {
            timerDelivery.shutdown();
        }
        if (offsets != null) {
            persistOffsets();
        }
        deferredWrites.close();
        if (store != null) {
            store.shutdown();
        }
    }

    /**
     * Rebuilds the undecided half messages from the store before sends are served, serves
     * END_TRANSACTION and schedules the checks of half messages left undecided.
     */
    private void startTransactions() {
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> {
            if (HalfMessages.HALF_TOPIC.equals(topic)) {
                pendingHalfMessages.dispatched(queueOffset, storeTimestamp);
            }
        });
        TransactionStore transactionStore = new TransactionStore(store);
        transactionStore.recover(pendingHalfMessages);
        if (pendingHalfMessages.size() > 0) {
            LOG.info("{} transaction half messages are undecided; their producers will be checked",
                    pendingHalfMessages.size());
        }
        ExecutorService transactionExecutor = BoundedExecutor.create("broker-transaction", 1, SEND_QUEUE_CAPACITY);
        server.registerProcessor(RequestCode.END_TRANSACTION,
                new EndTransactionProcessor(transactionStore, pendingHalfMessages), transactionExecutor);
        TransactionCheckService checks = new TransactionCheckService(transactionStore, pendingHalfMessages,
                clients::producerConnections, config.brokerName(), config.transactionTimeOut(),
                config.transactionCheckInterval(), config.transactionCheckMax(), System::currentTimeMillis);
        long tick = Math.min(TRANSACTION_CHECK_TICK_MILLIS, config.transactionCheckInterval());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                checks.checkDue();
            } catch (RuntimeException e) {
                LOG.error("transaction check round failed; the next round retries", e);
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void removeClients(Connection closed) {
        for (String group : clients.removeConnections(closed, System.currentTimeMillis(), CLIENT_EXPIRY_MILLIS)) {
            notifier.groupChanged(group);
        }
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (RuntimeException e) {
            LOG.error("cannot persist consumer offsets; they stay in memory and are retried", e);
        }
    }

    /** The address clients reach this broker at ({@code advertisedIP:port}). */
    public String brokerAddr() {
        return brokerAddr;
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

    /** The store, for embedding and tests. */
    public MessageStore store() {
        return store;
    }
}
