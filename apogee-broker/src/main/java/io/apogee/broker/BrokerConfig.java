package io.apogee.broker;

import io.apogee.broker.schedule.DelayLevels;
import io.apogee.common.config.UnknownKeys;
import io.apogee.common.net.HostAddresses;
import io.apogee.metrics.MetricsConfig;
import io.apogee.remoting.server.ServerConfig;
import io.apogee.store.MessageStoreConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

    private static final Set<String> KEYS = Set.of(BROKER_CLUSTER_NAME, BROKER_NAME, BROKER_ID, BROKER_IP1,
            BIND_ADDRESS, LISTEN_PORT, NAMESRV_ADDR, AUTO_CREATE_TOPIC_ENABLE, DEFAULT_TOPIC_QUEUE_NUMS,
            REGISTER_NAME_SERVER_PERIOD, SEND_MESSAGE_THREAD_POOL_NUMS, PULL_MESSAGE_THREAD_POOL_NUMS,
            AUTO_CREATE_SUBSCRIPTION_GROUP,
            MESSAGE_DELAY_LEVEL, TIMER_MAX_DELAY_SEC, REBALANCE_LOCK_MAX_LIVE_TIME, TRANSACTION_TIME_OUT,
            TRANSACTION_CHECK_INTERVAL, TRANSACTION_CHECK_MAX, ENABLE_PROPERTY_FILTER, MAX_CONSUMER_GROUPS_PER_HEARTBEAT,
            MAX_CONSUMER_GROUPS_PER_CLIENT, STORE_REPLY_MESSAGE_ENABLE,
            SERVER_QUEUED_REQUEST_BYTES_MAX, SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX, PARTIAL_FRAME_BYTES_MAX,
            FRAME_COMPLETE_TIMEOUT_MILLIS);

    private String brokerClusterName = "DefaultCluster";
    private String brokerName = "broker-a";
    private long brokerId;
    /** Unset by default: see {@link #advertisedIP()}. */
    private String brokerIP1;
    private String bindAddress = "0.0.0.0";
    private int listenPort = 10911;
    private String namesrvAddr = "";
    private boolean autoCreateTopicEnable = true;
    private int defaultTopicQueueNums = 8;
    private long registerNameServerPeriod = 30_000;
    private int sendMessageThreadPoolNums = 2;
    private int pullMessageThreadPoolNums = 4;
    private boolean autoCreateSubscriptionGroup = true;
    private String messageDelayLevel = DelayLevels.DEFAULT;
    private long timerMaxDelaySec = 3 * 24 * 3600;
    private long rebalanceLockMaxLiveTime = 60_000;
    private long transactionTimeOut = 6_000;
    private long transactionCheckInterval = 30_000;
    private int transactionCheckMax = 15;
    private boolean enablePropertyFilter;
    private boolean storeReplyMessageEnable = true;
    private int maxConsumerGroupsPerHeartbeat = 10_000;
    private int maxConsumerGroupsPerClient = 10_000;
    private long serverQueuedRequestBytesMax = ServerConfig.DEFAULT_SERVER_QUEUED_REQUEST_BYTES_MAX;
    private long serverQueuedRequestBytesPerConnectionMax = ServerConfig.DEFAULT_SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX;
    private long partialFrameBytesMax = ServerConfig.DEFAULT_PARTIAL_FRAME_BYTES_MAX;
    private long frameCompleteTimeoutMillis = ServerConfig.DEFAULT_FRAME_COMPLETE_TIMEOUT_MILLIS;
    private MessageStoreConfig store = MessageStoreConfig.from(Map.of());
    /** metricsExporterType, metricsPromExporterHost, metricsPromExporterPort: see {@link MetricsConfig}. */
    private MetricsConfig metrics = MetricsConfig.disabled();

    /** Reads a broker.conf: broker keys here, the rest to the store's configuration. */
    public static BrokerConfig from(Properties properties) {
        BrokerConfig config = new BrokerConfig();
        Map<String, String> storeKeys = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> notYet = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).trim();
            if (KEYS.contains(key)) {
                config.set(key, value);
            } else if (MessageStoreConfig.keys().contains(key)) {
                storeKeys.put(key, value);
            } else if (MetricsConfig.KEYS.contains(key)) {
                config.metrics = config.metrics.with(key, value);
            } else if (ReplicationKeys.NOT_YET_ACTED_ON.contains(key)) {
                notYet.add(key);
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(KEYS);
            known.addAll(MessageStoreConfig.keys());
            known.addAll(MetricsConfig.KEYS);
            known.addAll(ReplicationKeys.NOT_YET_ACTED_ON);
            throw new IllegalArgumentException(UnknownKeys.describe("broker configuration", unknown, known));
        }
        if (!notYet.isEmpty()) {
            LOG.warn("accepted but not acted on until replication lands: {}", notYet);
        }
        config.store = MessageStoreConfig.from(storeKeys);
        return config.validate();
    }

    private void set(String key, String value) {
        try {
            switch (key) {
                case BROKER_CLUSTER_NAME -> brokerClusterName = value;
                case BROKER_NAME -> brokerName = value;
                case BROKER_ID -> brokerId = Long.parseLong(value);
                case BROKER_IP1 -> brokerIP1 = value;
                case BIND_ADDRESS -> bindAddress = value;
                case LISTEN_PORT -> listenPort = Integer.parseInt(value);
                case NAMESRV_ADDR -> namesrvAddr = value;
                case AUTO_CREATE_TOPIC_ENABLE -> autoCreateTopicEnable = parseBoolean(value);
                case DEFAULT_TOPIC_QUEUE_NUMS -> defaultTopicQueueNums = Integer.parseInt(value);
                case REGISTER_NAME_SERVER_PERIOD -> registerNameServerPeriod = Long.parseLong(value);
                case SEND_MESSAGE_THREAD_POOL_NUMS -> sendMessageThreadPoolNums = Integer.parseInt(value);
                case PULL_MESSAGE_THREAD_POOL_NUMS -> pullMessageThreadPoolNums = Integer.parseInt(value);
                case AUTO_CREATE_SUBSCRIPTION_GROUP -> autoCreateSubscriptionGroup = parseBoolean(value);
                case MESSAGE_DELAY_LEVEL -> messageDelayLevel = DelayLevels.parse(value).text();
                case TIMER_MAX_DELAY_SEC -> timerMaxDelaySec = Long.parseLong(value);
                case REBALANCE_LOCK_MAX_LIVE_TIME -> rebalanceLockMaxLiveTime = Long.parseLong(value);
                case TRANSACTION_TIME_OUT -> transactionTimeOut = Long.parseLong(value);
                case TRANSACTION_CHECK_INTERVAL -> transactionCheckInterval = Long.parseLong(value);
                case TRANSACTION_CHECK_MAX -> transactionCheckMax = Integer.parseInt(value);
                case ENABLE_PROPERTY_FILTER -> enablePropertyFilter = parseBoolean(value);
                case STORE_REPLY_MESSAGE_ENABLE -> storeReplyMessageEnable = parseBoolean(value);
                case MAX_CONSUMER_GROUPS_PER_HEARTBEAT -> maxConsumerGroupsPerHeartbeat = Integer.parseInt(value);
                case MAX_CONSUMER_GROUPS_PER_CLIENT -> maxConsumerGroupsPerClient = Integer.parseInt(value);
                case SERVER_QUEUED_REQUEST_BYTES_MAX -> serverQueuedRequestBytesMax = Long.parseLong(value);
                case SERVER_QUEUED_REQUEST_BYTES_PER_CONNECTION_MAX ->
                        serverQueuedRequestBytesPerConnectionMax = Long.parseLong(value);
                case PARTIAL_FRAME_BYTES_MAX -> partialFrameBytesMax = Long.parseLong(value);
                case FRAME_COMPLETE_TIMEOUT_MILLIS -> frameCompleteTimeoutMillis = Long.parseLong(value);
                default -> throw new IllegalStateException("not a broker key: " + key);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker setting '" + key + "' has a bad value '" + value + "': "
                    + e.getMessage(), e);
        }
    }

    /** Every broker and store key with its current value as text, sorted by key; an unset key reads "". */
    public Map<String, String> values() {
        Map<String, String> values = new TreeMap<>(store.values());
        values.put(BROKER_CLUSTER_NAME, brokerClusterName);
        values.put(BROKER_NAME, brokerName);
        values.put(BROKER_ID, Long.toString(brokerId));
        values.put(BROKER_IP1, brokerIP1 == null ? "" : brokerIP1);
        values.put(BIND_ADDRESS, bindAddress);
        values.put(LISTEN_PORT, Integer.toString(listenPort));
        values.put(NAMESRV_ADDR, namesrvAddr);
        values.put(AUTO_CREATE_TOPIC_ENABLE, Boolean.toString(autoCreateTopicEnable));
        values.put(DEFAULT_TOPIC_QUEUE_NUMS, Integer.toString(defaultTopicQueueNums));
        values.put(REGISTER_NAME_SERVER_PERIOD, Long.toString(registerNameServerPeriod));
        values.put(SEND_MESSAGE_THREAD_POOL_NUMS, Integer.toString(sendMessageThreadPoolNums));
        values.put(PULL_MESSAGE_THREAD_POOL_NUMS, Integer.toString(pullMessageThreadPoolNums));
        values.put(AUTO_CREATE_SUBSCRIPTION_GROUP, Boolean.toString(autoCreateSubscriptionGroup));
        values.put(MESSAGE_DELAY_LEVEL, messageDelayLevel);
        values.put(TIMER_MAX_DELAY_SEC, Long.toString(timerMaxDelaySec));
        values.put(REBALANCE_LOCK_MAX_LIVE_TIME, Long.toString(rebalanceLockMaxLiveTime));
        values.put(TRANSACTION_TIME_OUT, Long.toString(transactionTimeOut));
        values.put(TRANSACTION_CHECK_INTERVAL, Long.toString(transactionCheckInterval));
        values.put(TRANSACTION_CHECK_MAX, Integer.toString(transactionCheckMax));
        values.put(ENABLE_PROPERTY_FILTER, Boolean.toString(enablePropertyFilter));
        values.put(MAX_CONSUMER_GROUPS_PER_HEARTBEAT, Integer.toString(maxConsumerGroupsPerHeartbeat));
        values.putAll(metrics.values());
        return values;
    }

    private static boolean parseBoolean(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(value);
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
    public int pullMessageThreadPoolNums() { return pullMessageThreadPoolNums; }
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
    public MessageStoreConfig store() { return store; }
    public MetricsConfig metrics() { return metrics; }
    public BrokerConfig metrics(MetricsConfig value) { metrics = value; return this; }
    public BrokerConfig store(MessageStoreConfig value) { store = value; return this; }
}
