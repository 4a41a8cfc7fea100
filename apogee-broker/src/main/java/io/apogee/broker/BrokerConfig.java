package io.apogee.broker;

import io.apogee.broker.ha.HaConfig;
import io.apogee.broker.schedule.DelayLevels;
import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;
import io.apogee.common.config.ConsoleConfig;
import io.apogee.common.net.HostAddresses;
import io.apogee.metrics.MetricsConfig;
import io.apogee.remoting.server.ServerConfig;
import io.apogee.remoting.server.ServerLimits;
import io.apogee.remoting.tls.TlsConfig;
import io.apogee.security.SecurityConfig;
import io.apogee.store.MessageStoreConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The broker's own settings, named as RocketMQ names them so that an existing {@code broker.conf}
 * works; the store's keys go to the {@link MessageStoreConfig}, replication keys are accepted and
 * named in one warning line ({@link ReplicationKeys}), and any other key fails start-up naming it and the
 * known key nearest to it. A value that does not parse fails start-up naming its key.
 *
 * <p>Thread safety: built and validated on one thread before the broker starts; not changed after.
 */
public final class BrokerConfig {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfig.class);

    /** Cluster the broker belongs to. Default DefaultCluster. */
    public static final String BROKER_CLUSTER_NAME = "brokerClusterName";
    /** Name shared by a master and its slaves. Default broker-a. */
    public static final String BROKER_NAME = "brokerName";
    /** 0 for a master. Default 0. */
    public static final String BROKER_ID = "brokerId";
    /**
     * Address clients reach the broker at, announced to name servers. Default: the bind address, or this host's
     * first non-loopback address when the broker binds every interface ({@link #advertisedIP()}).
     */
    public static final String BROKER_IP1 = "brokerIP1";
    /** Address to bind. Default 0.0.0.0. */
    public static final String BIND_ADDRESS = "bindAddress";
    /** Client port; 0 picks a free one. Default 10911. */
    public static final String LISTEN_PORT = "listenPort";
    /** Name servers, separated by ';'. Default none. */
    public static final String NAMESRV_ADDR = "namesrvAddr";
    /** Create unknown topics on first send from the default topic TBW102. Default true. */
    public static final String AUTO_CREATE_TOPIC_ENABLE = "autoCreateTopicEnable";
    /** Queues of TBW102 and of topics created without a count. Default 8. */
    public static final String DEFAULT_TOPIC_QUEUE_NUMS = "defaultTopicQueueNums";
    /** How often the broker re-registers with every name server, in ms. Default 30000. */
    public static final String REGISTER_NAME_SERVER_PERIOD = "registerNameServerPeriod";
    /** Threads serving sends. Default 2. */
    public static final String SEND_MESSAGE_THREAD_POOL_NUMS = "sendMessageThreadPoolNums";
    public static final String SEND_MESSAGE_ON_IO_THREAD = "sendMessageOnIoThread";
    public static final String PULL_MESSAGE_ON_IO_THREAD = "pullMessageOnIoThread";
    /** Threads serving pulls. Default 4. */
    public static final String PULL_MESSAGE_THREAD_POOL_NUMS = "pullMessageThreadPoolNums";
    /** Create unknown consumer groups on their first heartbeat or pull. Default true. */
    public static final String AUTO_CREATE_SUBSCRIPTION_GROUP = "autoCreateSubscriptionGroup";
    /** The delays of levels 1, 2, ... (units ms, s, m, h, d). Default RocketMQ's 18 levels, 1s to 2h. */
    public static final String MESSAGE_DELAY_LEVEL = "messageDelayLevel";
    /** The farthest a timed message may be scheduled ahead, in seconds. Default 259200 (3 days). */
    public static final String TIMER_MAX_DELAY_SEC = "timerMaxDelaySec";

    /** How long an orderly consumer's queue lock lasts without renewal, in ms. Default 60000. */
    public static final String REBALANCE_LOCK_MAX_LIVE_TIME = "rebalanceLockMaxLiveTime";
    /** Age a half message must reach before its producer is asked for its state, in ms. Default 6000. */
    public static final String TRANSACTION_TIME_OUT = "transactionTimeOut";
    /** How often an undecided half message is checked again, in ms. Default 30000. */
    public static final String TRANSACTION_CHECK_INTERVAL = "transactionCheckInterval";
    /** Checks of one half message before it is discarded. Default 15. */
    public static final String TRANSACTION_CHECK_MAX = "transactionCheckMax";
    /** Accept SQL92 property filters in subscriptions. Default false, as in RocketMQ. */
    public static final String ENABLE_PROPERTY_FILTER = "enablePropertyFilter";
    public static final String STORE_REPLY_MESSAGE_ENABLE = "storeReplyMessageEnable";
    /** Apogee's own: a heartbeat naming more consumer groups is refused, so one client cannot flood the tables. */
    public static final String MAX_CONSUMER_GROUPS_PER_HEARTBEAT = "maxConsumerGroupsPerHeartbeat";
    public static final String MAX_CONSUMER_GROUPS_PER_CLIENT = "maxConsumerGroupsPerClient";
    /**
     * Apogee's own: request body bytes waiting for or in processors, all connections together; past it a request
     * is answered SYSTEM_BUSY. Default 134217728 (128 MiB).
     */
    public static final String SERVER_QUEUED_REQUEST_BYTES_MAX = "serverQueuedRequestBytesMax";
    /** Apogee's own: the same for one connection, so one pipelining client cannot take it all. Default 33554432. */
    public static final String SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX = "serverQueuedRequestBytesPerConnectionMax";
    /**
     * Apogee's own: bytes all connections may hold in frames not fully received; a frame that does not fit
     * closes its connection. Default 134217728 (128 MiB).
     */
    public static final String PARTIAL_FRAME_BYTES_MAX = "partialFrameBytesMax";
    /** Apogee's own: a frame not complete this long after its first bytes closes its connection, in ms. Default 30000. */
    public static final String FRAME_COMPLETE_TIMEOUT_MILLIS = "frameCompleteTimeoutMillis";

    /** Every broker key: its description, parser, and where it goes. The store's keys are in its own table. */
    private static final ConfigTable<BrokerConfig> TABLE = HaConfig.declare(ConsoleConfig.declare(SecurityConfig.declare(MetricsConfig.declare(
            new ConfigTable<BrokerConfig>("broker")
            .key(BROKER_CLUSTER_NAME, "string", "DefaultCluster", "", false, "cluster the broker belongs to",
                    ConfigValues::nonBlank, BrokerConfig::brokerClusterName, BrokerConfig::brokerClusterName)
            .key(BROKER_NAME, "string", "broker-a", "", false, "name shared by a master and its slaves",
                    ConfigValues::nonBlank, BrokerConfig::brokerName, BrokerConfig::brokerName)
            .key(BROKER_ID, "long", "0", "", false, "0 for a master",
                    s -> ConfigValues.longAtLeast(s, 0), (c, v) -> c.brokerId = v, BrokerConfig::brokerId)
            .key(BROKER_IP1, "string", "", "", false,
                    "address announced to name servers (empty: the bind address, or this host's first non-loopback "
                            + "address when binding every interface)",
                    ConfigValues::text, (c, v) -> c.brokerIP1 = v.isBlank() ? null : v, BrokerConfig::brokerIP1)
            .key(BIND_ADDRESS, "string", "0.0.0.0", "", false, "address to listen on",
                    ConfigValues::nonBlank, BrokerConfig::bindAddress, BrokerConfig::bindAddress)
            .key(LISTEN_PORT, "int", "10911", "", false, "client port; 0 picks a free one",
                    ConfigValues::port, BrokerConfig::listenPort, BrokerConfig::listenPort)
            .key(NAMESRV_ADDR, "string", "", "", false, "name servers, ';'-separated",
                    ConfigValues::text, BrokerConfig::namesrvAddr, BrokerConfig::namesrvAddr)
            .key(AUTO_CREATE_TOPIC_ENABLE, "boolean", "true", "", true,
                    "create unknown topics on their first send, from the default topic TBW102",
                    ConfigValues::bool, BrokerConfig::autoCreateTopicEnable, BrokerConfig::autoCreateTopicEnable)
            .key(DEFAULT_TOPIC_QUEUE_NUMS, "int", "8", "", false, "queues of TBW102 and of topics created without a count",
                    s -> ConfigValues.intAtLeast(s, 1), (c, v) -> c.defaultTopicQueueNums = v,
                    BrokerConfig::defaultTopicQueueNums)
            .key(REGISTER_NAME_SERVER_PERIOD, "long", "30000", "ms", false, "how often the broker re-registers",
                    s -> ConfigValues.longAtLeast(s, 1_000), BrokerConfig::registerNameServerPeriod,
                    BrokerConfig::registerNameServerPeriod)
            .key(SEND_MESSAGE_THREAD_POOL_NUMS, "int", "2", "", false, "threads serving sends",
                    s -> ConfigValues.intAtLeast(s, 1), BrokerConfig::sendMessageThreadPoolNums,
                    BrokerConfig::sendMessageThreadPoolNums)
            .key(SEND_MESSAGE_ON_IO_THREAD, "boolean", "true", "", false,
                    "append a send on the I/O thread that read it while the commit-log file has room, without a hand-off"
                            + " to a send thread (Apogee)",
                    ConfigValues::bool, BrokerConfig::sendMessageOnIoThread, BrokerConfig::sendMessageOnIoThread)
            .key(PULL_MESSAGE_THREAD_POOL_NUMS, "int", "4", "", false, "threads serving pulls",
                    s -> ConfigValues.intAtLeast(s, 1), (c, v) -> c.pullMessageThreadPoolNums = v,
                    BrokerConfig::pullMessageThreadPoolNums)
            .key(PULL_MESSAGE_ON_IO_THREAD, "boolean", "true", "", false,
                    "answer a pull on the I/O thread that read it, and a parked pull on its connection's I/O thread,"
                            + " without a hand-off to a pull thread (Apogee)",
                    ConfigValues::bool, BrokerConfig::pullMessageOnIoThread, BrokerConfig::pullMessageOnIoThread)
            .key(AUTO_CREATE_SUBSCRIPTION_GROUP, "boolean", "true", "", true,
                    "create unknown consumer groups on their first heartbeat or pull",
                    ConfigValues::bool, BrokerConfig::autoCreateSubscriptionGroup, BrokerConfig::autoCreateSubscriptionGroup)
            .key(MESSAGE_DELAY_LEVEL, "string", DelayLevels.DEFAULT, "", false,
                    "the delays of levels 1, 2, ... (units ms, s, m, h, d)",
                    s -> DelayLevels.parse(s).text(), (c, v) -> c.messageDelayLevel = v, c -> c.messageDelayLevel)
            .key(TIMER_MAX_DELAY_SEC, "long", "259200", "s", false, "the farthest a timed message may be scheduled ahead",
                    s -> ConfigValues.longAtLeast(s, 1), BrokerConfig::timerMaxDelaySec, BrokerConfig::timerMaxDelaySec)
            .key(REBALANCE_LOCK_MAX_LIVE_TIME, "long", "60000", "ms", false,
                    "how long an orderly consumer's queue lock lasts without renewal",
                    s -> ConfigValues.longAtLeast(s, 1), BrokerConfig::rebalanceLockMaxLiveTime,
                    BrokerConfig::rebalanceLockMaxLiveTime)
            .key(TRANSACTION_TIME_OUT, "long", "6000", "ms", false,
                    "age a half message reaches before its producer is asked for its state",
                    s -> ConfigValues.longAtLeast(s, 0), BrokerConfig::transactionTimeOut, BrokerConfig::transactionTimeOut)
            .key(TRANSACTION_CHECK_INTERVAL, "long", "30000", "ms", false, "how often an undecided half message is checked",
                    s -> ConfigValues.longAtLeast(s, 1), BrokerConfig::transactionCheckInterval,
                    BrokerConfig::transactionCheckInterval)
            .key(TRANSACTION_CHECK_MAX, "int", "15", "", false, "checks of one half message before it is discarded",
                    s -> ConfigValues.intAtLeast(s, 1), BrokerConfig::transactionCheckMax, BrokerConfig::transactionCheckMax)
            .key(ENABLE_PROPERTY_FILTER, "boolean", "false", "", false, "accept SQL92 property filters in subscriptions",
                    ConfigValues::bool, BrokerConfig::enablePropertyFilter, BrokerConfig::enablePropertyFilter)
            .key(STORE_REPLY_MESSAGE_ENABLE, "boolean", "true", "", false,
                    "also store replies to requests in the reply topic, besides pushing them to the requester",
                    ConfigValues::bool, BrokerConfig::storeReplyMessageEnable, BrokerConfig::storeReplyMessageEnable)
            .key(MAX_CONSUMER_GROUPS_PER_HEARTBEAT, "int", "10000", "", false,
                    "a heartbeat naming more consumer groups is refused (Apogee)",
                    s -> ConfigValues.intAtLeast(s, 1), BrokerConfig::maxConsumerGroupsPerHeartbeat,
                    BrokerConfig::maxConsumerGroupsPerHeartbeat)
            .key(MAX_CONSUMER_GROUPS_PER_CLIENT, "int", "10000", "", false,
                    "consumer groups one client connection may belong to (Apogee)",
                    s -> ConfigValues.intAtLeast(s, 1), BrokerConfig::maxConsumerGroupsPerClient,
                    BrokerConfig::maxConsumerGroupsPerClient)
            .key(SERVER_QUEUED_REQUEST_BYTES_MAX, "long",
                    Long.toString(ServerConfig.DEFAULT_SERVER_QUEUED_REQUEST_BYTES_MAX), "bytes", false,
                    "request bytes waiting for or in processors, all connections; past it SYSTEM_BUSY (Apogee)",
                    s -> ConfigValues.longAtLeast(s, 1), BrokerConfig::serverQueuedRequestBytesMax,
                    BrokerConfig::serverQueuedRequestBytesMax)
            .key(SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX, "long",
                    Long.toString(ServerConfig.DEFAULT_SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX), "bytes", false,
                    "the same for one connection; past it the broker stops reading the connection until half is done (Apogee)",
                    s -> ConfigValues.longAtLeast(s, 1), BrokerConfig::serverQueuedRequestBytesPerConnectionMax,
                    BrokerConfig::serverQueuedRequestBytesPerConnectionMax)
            .key(PARTIAL_FRAME_BYTES_MAX, "long", Long.toString(ServerConfig.DEFAULT_PARTIAL_FRAME_BYTES_MAX), "bytes",
                    false, "bytes of frames not fully received, all connections; past it a connection closes (Apogee)",
                    s -> ConfigValues.longAtLeast(s, ServerConfig.DEFAULT_MAX_FRAME_LENGTH),
                    BrokerConfig::partialFrameBytesMax, BrokerConfig::partialFrameBytesMax)
            .key(FRAME_COMPLETE_TIMEOUT_MILLIS, "long", Long.toString(ServerConfig.DEFAULT_FRAME_COMPLETE_TIMEOUT_MILLIS),
                    "ms", false, "a frame not complete this long after its first bytes closes its connection; 0 never (Apogee)",
                    s -> ConfigValues.longAtLeast(s, 0), BrokerConfig::frameCompleteTimeoutMillis,
                    BrokerConfig::frameCompleteTimeoutMillis),
            BrokerConfig::metrics, BrokerConfig::metrics), BrokerConfig::security, BrokerConfig::security),
            BrokerConfig::console, BrokerConfig::console),
            BrokerConfig::ha);

    static {
        TlsConfig.declare(TABLE, BrokerConfig::tls, BrokerConfig::tls);
        ServerLimits.declare(TABLE, BrokerConfig::limits, ServerConfig.DEFAULT_FIRST_FRAME_TIMEOUT_MILLIS);
    }

    private String brokerClusterName;
    private String brokerName;
    private long brokerId;
    /** Null when unset: see {@link #advertisedIP()}. */
    private String brokerIP1;
    private String bindAddress;
    private int listenPort;
    private String namesrvAddr;
    private boolean autoCreateTopicEnable;
    private int defaultTopicQueueNums;
    private long registerNameServerPeriod;
    private int sendMessageThreadPoolNums;
    private boolean sendMessageOnIoThread;
    private int pullMessageThreadPoolNums;
    private boolean pullMessageOnIoThread;
    private boolean autoCreateSubscriptionGroup;
    private String messageDelayLevel;
    private long timerMaxDelaySec;
    private long rebalanceLockMaxLiveTime;
    private long transactionTimeOut;
    private long transactionCheckInterval;
    private int transactionCheckMax;
    private boolean enablePropertyFilter;
    private boolean storeReplyMessageEnable;
    private int maxConsumerGroupsPerHeartbeat;
    private int maxConsumerGroupsPerClient;
    private long serverQueuedRequestBytesMax;
    private long serverQueuedRequestBytesPerConnectionMax;
    private long partialFrameBytesMax;
    private long frameCompleteTimeoutMillis;
    private MessageStoreConfig store = MessageStoreConfig.from(Map.of());
    /** metricsExporterType, metricsPromExporterHost, metricsPromExporterPort: see {@link MetricsConfig}. */
    private MetricsConfig metrics = MetricsConfig.disabled();
    /** The tls.* keys of the broker's port and of its connections to name servers: see {@link TlsConfig}. */
    private TlsConfig tls = TlsConfig.none();
    /** serverConnectionsMax, frameMaxLength, ...: what one client may take; see {@link ServerLimits}. */
    private final ServerLimits limits = new ServerLimits();
    /** authenticationEnabled, authorizationEnabled and the other auth keys: see {@link SecurityConfig}. */
    private SecurityConfig security = SecurityConfig.disabled();
    /** consoleEnabled, consoleHost, consolePort: see {@link ConsoleConfig}. */
    private ConsoleConfig console = ConsoleConfig.disabled();
    /** brokerRole and the ha* keys: see {@link HaConfig}. */
    private final HaConfig ha = new HaConfig();

    /** The defaults. */
    public BrokerConfig() {
        TABLE.applyDefaults(this);
    }

    /** The broker's key table (the store's is {@link MessageStoreConfig#table()}). */
    public static ConfigTable<BrokerConfig> table() {
        return TABLE;
    }

    /**
     * Reads a broker.conf: broker keys here, the store's to its configuration, replication keys accepted with
     * one warning line. Every unknown key and bad value of the file is reported in one IllegalArgumentException.
     */
    public static BrokerConfig from(Properties properties) {
        Map<String, String> given = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> given.put(key, properties.getProperty(key).trim()));
        List<String> errors = new ArrayList<>();
        String unknown = ConfigTable.unknownKeys("broker configuration", given.keySet(),
                ReplicationKeys.NOT_YET_ACTED_ON, List.of(TABLE, MessageStoreConfig.table()));
        if (unknown != null) {
            errors.add(unknown);
        }
        BrokerConfig config = new BrokerConfig();
        TABLE.apply(config, given, errors);
        Map<String, String> storeKeys = new HashMap<>(given);
        storeKeys.keySet().retainAll(MessageStoreConfig.table().names());
        try {
            config.store = MessageStoreConfig.from(storeKeys);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid broker configuration: " + String.join("; ", errors));
        }
        List<String> notYet = given.keySet().stream().filter(ReplicationKeys.NOT_YET_ACTED_ON::contains).toList();
        if (!notYet.isEmpty()) {
            LOG.warn("accepted but not acted on until replication lands: {}", notYet);
        }
        return config.validate();
    }

    /** Every broker and store key with its current value as text, sorted by key; an unset key reads "". */
    public Map<String, String> values() {
        Map<String, String> values = new TreeMap<>(store.values());
        values.putAll(TABLE.values(this));
        return values;
    }

    /** Checks the settings together; returns this. */
    public BrokerConfig validate() {
        require(!brokerClusterName.isBlank(), BROKER_CLUSTER_NAME, "must not be blank");
        require(!brokerName.isBlank(), BROKER_NAME, "must not be blank");
        require(brokerId >= 0, BROKER_ID, "must not be negative");
        require(listenPort >= 0 && listenPort <= 65_535, LISTEN_PORT, "must be 0..65535");
        require(defaultTopicQueueNums > 0, DEFAULT_TOPIC_QUEUE_NUMS, "must be positive");
        require(registerNameServerPeriod >= 1_000, REGISTER_NAME_SERVER_PERIOD, "must be at least 1000 ms");
        require(sendMessageThreadPoolNums > 0, SEND_MESSAGE_THREAD_POOL_NUMS, "must be positive");
        require(pullMessageThreadPoolNums > 0, PULL_MESSAGE_THREAD_POOL_NUMS, "must be positive");
        require(timerMaxDelaySec > 0, TIMER_MAX_DELAY_SEC, "must be positive");
        require(rebalanceLockMaxLiveTime > 0, REBALANCE_LOCK_MAX_LIVE_TIME, "must be positive");
        require(transactionTimeOut >= 0, TRANSACTION_TIME_OUT, "must not be negative");
        require(transactionCheckInterval > 0, TRANSACTION_CHECK_INTERVAL, "must be positive");
        require(transactionCheckMax > 0, TRANSACTION_CHECK_MAX, "must be positive");
        require(maxConsumerGroupsPerHeartbeat > 0, MAX_CONSUMER_GROUPS_PER_HEARTBEAT, "must be positive");
        require(maxConsumerGroupsPerClient > 0, MAX_CONSUMER_GROUPS_PER_CLIENT, "must be positive");
        require(serverQueuedRequestBytesPerConnectionMax > 0, SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX,
                "must be positive");
        require(serverQueuedRequestBytesMax >= serverQueuedRequestBytesPerConnectionMax, SERVER_QUEUED_REQUEST_BYTES_MAX,
                "must be at least " + SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX);
        require(partialFrameBytesMax >= ServerConfig.DEFAULT_MAX_FRAME_LENGTH, PARTIAL_FRAME_BYTES_MAX,
                "must be at least the largest frame, " + ServerConfig.DEFAULT_MAX_FRAME_LENGTH);
        require(ha.enableControllerMode() || ha.brokerRole().isMaster() == (brokerId == 0), BROKER_ID,
                "must be 0 for a master and above 0 for a SLAVE (brokerRole is " + ha.brokerRole() + ")");
        require(!ha.enableControllerMode() || !ha.controllerAddr().isBlank(), HaConfig.CONTROLLER_ADDR,
                "must name the controllers when " + HaConfig.ENABLE_CONTROLLER_MODE + " is true");
        require(frameCompleteTimeoutMillis >= 0, FRAME_COMPLETE_TIMEOUT_MILLIS, "must be 0 (never) or positive");
        return this;
    }

    private static void require(boolean ok, String key, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("broker setting '" + key + "' " + rule);
        }
    }

    public String brokerClusterName() { return brokerClusterName; }
    public BrokerConfig brokerClusterName(String value) { brokerClusterName = value; return this; }
    public String brokerName() { return brokerName; }
    public BrokerConfig brokerName(String value) { brokerName = value; return this; }
    public long brokerId() { return brokerId; }
    public String brokerIP1() { return brokerIP1; }

    /**
     * The address the broker registers with name servers and writes into stored messages: brokerIP1 when
     * set; else the bind address when it names one interface; else, when it listens on every interface,
     * this host's first non-loopback address, as RocketMQ does; never 0.0.0.0.
     */
    public String advertisedIP() {
        if (brokerIP1 != null && !brokerIP1.isBlank()) {
            return brokerIP1;
        }
        return HostAddresses.isWildcard(bindAddress) ? HostAddresses.firstNonLoopback() : bindAddress;
    }

    /** Whether the broker listens on every interface. */
    public boolean bindsEveryInterface() {
        return HostAddresses.isWildcard(bindAddress);
    }
    public BrokerConfig brokerIP1(String value) { brokerIP1 = value; return this; }
    public String bindAddress() { return bindAddress; }
    public BrokerConfig bindAddress(String value) { bindAddress = value; return this; }
    public int listenPort() { return listenPort; }
    public BrokerConfig listenPort(int value) { listenPort = value; return this; }
    public String namesrvAddr() { return namesrvAddr; }
    public BrokerConfig namesrvAddr(String value) { namesrvAddr = value; return this; }
    public boolean autoCreateTopicEnable() { return autoCreateTopicEnable; }
    public BrokerConfig autoCreateTopicEnable(boolean value) { autoCreateTopicEnable = value; return this; }
    public int defaultTopicQueueNums() { return defaultTopicQueueNums; }
    public long registerNameServerPeriod() { return registerNameServerPeriod; }
    public BrokerConfig registerNameServerPeriod(long value) { registerNameServerPeriod = value; return this; }
    public int sendMessageThreadPoolNums() { return sendMessageThreadPoolNums; }
    public BrokerConfig sendMessageThreadPoolNums(int value) { sendMessageThreadPoolNums = value; return this; }
    public boolean sendMessageOnIoThread() { return sendMessageOnIoThread; }
    public BrokerConfig sendMessageOnIoThread(boolean value) { sendMessageOnIoThread = value; return this; }
    public int pullMessageThreadPoolNums() { return pullMessageThreadPoolNums; }
    public boolean pullMessageOnIoThread() { return pullMessageOnIoThread; }
    public BrokerConfig pullMessageOnIoThread(boolean value) { pullMessageOnIoThread = value; return this; }
    public boolean autoCreateSubscriptionGroup() { return autoCreateSubscriptionGroup; }
    public BrokerConfig autoCreateSubscriptionGroup(boolean value) { autoCreateSubscriptionGroup = value; return this; }
    public DelayLevels messageDelayLevel() { return DelayLevels.parse(messageDelayLevel); }
    public BrokerConfig messageDelayLevel(String value) { messageDelayLevel = DelayLevels.parse(value).text(); return this; }
    public long timerMaxDelaySec() { return timerMaxDelaySec; }
    public BrokerConfig timerMaxDelaySec(long value) { timerMaxDelaySec = value; return this; }
    public long rebalanceLockMaxLiveTime() { return rebalanceLockMaxLiveTime; }
    public BrokerConfig rebalanceLockMaxLiveTime(long value) { rebalanceLockMaxLiveTime = value; return this; }
    public long transactionTimeOut() { return transactionTimeOut; }
    public BrokerConfig transactionTimeOut(long value) { transactionTimeOut = value; return this; }
    public long transactionCheckInterval() { return transactionCheckInterval; }
    public BrokerConfig transactionCheckInterval(long value) { transactionCheckInterval = value; return this; }
    public int transactionCheckMax() { return transactionCheckMax; }
    public BrokerConfig transactionCheckMax(int value) { transactionCheckMax = value; return this; }
    public boolean enablePropertyFilter() { return enablePropertyFilter; }
    public BrokerConfig enablePropertyFilter(boolean value) { enablePropertyFilter = value; return this; }
    /** Whether replies to requests are also stored in the reply topic, besides pushed to the requester. */
    public boolean storeReplyMessageEnable() { return storeReplyMessageEnable; }
    public BrokerConfig storeReplyMessageEnable(boolean value) { storeReplyMessageEnable = value; return this; }
    public int maxConsumerGroupsPerHeartbeat() { return maxConsumerGroupsPerHeartbeat; }
    public BrokerConfig maxConsumerGroupsPerHeartbeat(int value) { maxConsumerGroupsPerHeartbeat = value; return this; }
    /** How many consumer groups one client connection may belong to, over all its heartbeats. */
    public int maxConsumerGroupsPerClient() { return maxConsumerGroupsPerClient; }
    public BrokerConfig maxConsumerGroupsPerClient(int value) { maxConsumerGroupsPerClient = value; return this; }
    public long serverQueuedRequestBytesMax() { return serverQueuedRequestBytesMax; }
    public BrokerConfig serverQueuedRequestBytesMax(long value) { serverQueuedRequestBytesMax = value; return this; }
    public long serverQueuedRequestBytesPerConnectionMax() { return serverQueuedRequestBytesPerConnectionMax; }
    public BrokerConfig serverQueuedRequestBytesPerConnectionMax(long value) {
        serverQueuedRequestBytesPerConnectionMax = value;
        return this;
    }
    public long partialFrameBytesMax() { return partialFrameBytesMax; }
    public BrokerConfig partialFrameBytesMax(long value) { partialFrameBytesMax = value; return this; }
    public long frameCompleteTimeoutMillis() { return frameCompleteTimeoutMillis; }
    public BrokerConfig frameCompleteTimeoutMillis(long value) { frameCompleteTimeoutMillis = value; return this; }
    public ServerLimits limits() { return limits; }
    public MessageStoreConfig store() { return store; }
    public MetricsConfig metrics() { return metrics; }
    public HaConfig ha() { return ha; }
    public BrokerConfig brokerId(long value) { brokerId = value; return this; }
    public BrokerConfig metrics(MetricsConfig value) { metrics = value; return this; }
    public TlsConfig tls() { return tls; }
    public BrokerConfig tls(TlsConfig value) { tls = value; return this; }
    public SecurityConfig security() { return security; }
    public BrokerConfig security(SecurityConfig value) { security = value; return this; }
    public ConsoleConfig console() { return console; }
    public BrokerConfig console(ConsoleConfig value) { console = value; return this; }
    public BrokerConfig store(MessageStoreConfig value) { store = value; return this; }
}
