package io.apogee.namesrv;

import io.apogee.common.config.UnknownKeys;
import io.apogee.metrics.MetricsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The name server's settings, named as RocketMQ names them so that an existing
 * {@code namesrv.conf} mostly works. Every key is a constant below with its default; {@link #from}
 * refuses unknown keys, naming each with the known key nearest to it, and unparsable values, naming the
 * key, instead of ignoring a typo. The keys of RocketMQ's controller and acting-master modes, which only
 * matter for replication, are accepted and named in one warning line until replication lands.
 *
 * <p>Thread safety: build and validate on one thread before {@link NameServer#start()}; not
 * changed afterwards.
 */
public final class NameServerConfig {

    private static final Logger LOG = LoggerFactory.getLogger(NameServerConfig.class);

    /** TCP port; 0 picks a free one (tests). Default 9876. */
    public static final String LISTEN_PORT = "listenPort";
    /** Address to bind. Default 0.0.0.0, so brokers and clients on other hosts can reach it. */
    public static final String BIND_ADDRESS = "bindAddress";
    /** How often expired brokers are looked for, in ms. Default 5000. */
    public static final String SCAN_NOT_ACTIVE_BROKER_INTERVAL = "scanNotActiveBrokerInterval";
    /** A broker not heard from for this long, in ms, is dropped. Default 120000. */
    public static final String BROKER_CHANNEL_EXPIRED_TIME = "brokerChannelExpiredTime";
    /** Whether routes carry the ordered-topic layout from the KV namespace ORDER_TOPIC_CONFIG. Default false. */
    public static final String ORDER_MESSAGE_ENABLE = "orderMessageEnable";
    /** Where the KV config is kept. Default: {@code kvConfig.json} under {@code rocketmqHome}. */
    public static final String KV_CONFIG_PATH = "kvConfigPath";
    /** Home directory of the name server's files. Default: the working directory. */
    public static final String ROCKETMQ_HOME = "rocketmqHome";
    /** Threads serving requests. Default 4. */
    public static final String SERVER_WORKER_THREADS = "serverWorkerThreads";

    private static final Set<String> KEYS = Set.of(LISTEN_PORT, BIND_ADDRESS, SCAN_NOT_ACTIVE_BROKER_INTERVAL,
            BROKER_CHANNEL_EXPIRED_TIME, ORDER_MESSAGE_ENABLE, KV_CONFIG_PATH, ROCKETMQ_HOME, SERVER_WORKER_THREADS);

    /** RocketMQ's keys that only matter for replication: accepted, not yet acted on. */
    private static final Set<String> NOT_YET_ACTED_ON = Set.of("enableControllerInNamesrv", "controllerDLegerGroup",
            "controllerDLegerPeers", "controllerDLegerSelfId", "controllerStorePath", "controllerType",
            "supportActingMaster");

    private int listenPort = 9876;
    private String bindAddress = "0.0.0.0";
    private long scanNotActiveBrokerInterval = 5_000;
    /** Volatile, as an admin may change it while the name server runs (UPDATE_NAMESRV_CONFIG). */
    private volatile long brokerChannelExpiredTime = 120_000;
    /** Volatile, as an admin may change it while the name server runs (UPDATE_NAMESRV_CONFIG). */
    private volatile boolean orderMessageEnable;
    private Path rocketmqHome = Path.of(".");
    private Path kvConfigPath;
    private int serverWorkerThreads = 4;
    /** metricsExporterType, metricsPromExporterHost, metricsPromExporterPort: see {@link MetricsConfig}. */
    private MetricsConfig metrics = MetricsConfig.disabled();

    /** Reads settings from properties, e.g. a {@code namesrv.conf}; keys not given keep their defaults. */
    public static NameServerConfig from(Properties properties) {
        NameServerConfig config = new NameServerConfig();
        List<String> unknown = new ArrayList<>();
        List<String> notYet = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (KEYS.contains(key)) {
                config.set(key, properties.getProperty(key).trim());
            } else if (MetricsConfig.KEYS.contains(key)) {
                config.metrics = config.metrics.with(key, properties.getProperty(key));
            } else if (NOT_YET_ACTED_ON.contains(key)) {
                notYet.add(key);
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(KEYS);
            known.addAll(NOT_YET_ACTED_ON);
            known.addAll(MetricsConfig.KEYS);
            throw new IllegalArgumentException(UnknownKeys.describe("name server configuration", unknown, known));
        }
        if (!notYet.isEmpty()) {
            LOG.warn("accepted but not acted on until replication lands: {}", notYet);
        }
        return config.validate();
    }

    private void set(String key, String value) {
        try {
            switch (key) {
                case LISTEN_PORT -> listenPort = Integer.parseInt(value);
                case BIND_ADDRESS -> bindAddress = value;
                case SCAN_NOT_ACTIVE_BROKER_INTERVAL -> scanNotActiveBrokerInterval = Long.parseLong(value);
                case BROKER_CHANNEL_EXPIRED_TIME -> brokerChannelExpiredTime = Long.parseLong(value);
                case ORDER_MESSAGE_ENABLE -> orderMessageEnable = parseBoolean(value);
                case KV_CONFIG_PATH -> kvConfigPath = Path.of(value);
                case ROCKETMQ_HOME -> rocketmqHome = Path.of(value);
                case SERVER_WORKER_THREADS -> serverWorkerThreads = Integer.parseInt(value);
                default -> throw new IllegalStateException("not a name server key: " + key);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("name server setting '" + key + "' has a bad value '" + value
                    + "': " + e.getMessage(), e);
        }
    }

    /** Every key with its current value as text, sorted by key. */
    public Map<String, String> values() {
        Map<String, String> values = new TreeMap<>();
        values.put(LISTEN_PORT, Integer.toString(listenPort));
        values.put(BIND_ADDRESS, bindAddress);
        values.put(SCAN_NOT_ACTIVE_BROKER_INTERVAL, Long.toString(scanNotActiveBrokerInterval));
        values.put(BROKER_CHANNEL_EXPIRED_TIME, Long.toString(brokerChannelExpiredTime));
        values.put(ORDER_MESSAGE_ENABLE, Boolean.toString(orderMessageEnable));
        values.put(KV_CONFIG_PATH, kvConfigPath().toString());
        values.put(ROCKETMQ_HOME, rocketmqHome.toString());
        values.put(SERVER_WORKER_THREADS, Integer.toString(serverWorkerThreads));
        values.putAll(metrics.values());
        return values;
    }

    private static boolean parseBoolean(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** Checks the settings together; returns this. */
    public NameServerConfig validate() {
        require(listenPort >= 0 && listenPort <= 65_535, LISTEN_PORT, "must be 0..65535");
        require(bindAddress != null && !bindAddress.isBlank(), BIND_ADDRESS, "must not be blank");
        require(scanNotActiveBrokerInterval > 0, SCAN_NOT_ACTIVE_BROKER_INTERVAL, "must be positive");
        require(brokerChannelExpiredTime > 0, BROKER_CHANNEL_EXPIRED_TIME, "must be positive");
        require(serverWorkerThreads > 0, SERVER_WORKER_THREADS, "must be positive");
        return this;
    }

    private static void require(boolean ok, String key, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("name server setting '" + key + "' " + rule);
        }
    }

    public int listenPort() { return listenPort; }
    public NameServerConfig listenPort(int value) { listenPort = value; return this; }
    public String bindAddress() { return bindAddress; }
    public NameServerConfig bindAddress(String value) { bindAddress = value; return this; }
    public long scanNotActiveBrokerInterval() { return scanNotActiveBrokerInterval; }
    public NameServerConfig scanNotActiveBrokerInterval(long value) { scanNotActiveBrokerInterval = value; return this; }
    public long brokerChannelExpiredTime() { return brokerChannelExpiredTime; }
    public NameServerConfig brokerChannelExpiredTime(long value) { brokerChannelExpiredTime = value; return this; }
    public boolean orderMessageEnable() { return orderMessageEnable; }
    public NameServerConfig orderMessageEnable(boolean value) { orderMessageEnable = value; return this; }
    public Path rocketmqHome() { return rocketmqHome; }
    public NameServerConfig rocketmqHome(Path value) { rocketmqHome = value; return this; }
    public int serverWorkerThreads() { return serverWorkerThreads; }
    public MetricsConfig metrics() { return metrics; }
    public NameServerConfig metrics(MetricsConfig value) { metrics = value; return this; }
    public NameServerConfig serverWorkerThreads(int value) { serverWorkerThreads = value; return this; }

    /** The KV config file: {@code kvConfigPath} if set, else {@code kvConfig.json} under the home directory. */
    public Path kvConfigPath() {
        return kvConfigPath != null ? kvConfigPath : rocketmqHome.resolve("kvConfig.json");
    }

    public NameServerConfig kvConfigPath(Path value) { kvConfigPath = value; return this; }
}
