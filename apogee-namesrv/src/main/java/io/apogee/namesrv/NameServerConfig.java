package io.apogee.namesrv;

import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;
import io.apogee.common.config.ConsoleConfig;
import io.apogee.controller.ControllerConfig;
import io.apogee.metrics.MetricsConfig;
import io.apogee.remoting.server.ServerLimits;
import io.apogee.remoting.tls.TlsConfig;
import io.apogee.security.SecurityConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

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
    /** Whether a controller runs in the name server, answering on its port. Default false. */
    public static final String ENABLE_CONTROLLER_IN_NAMESRV = "enableControllerInNamesrv";

    /** Every key: its description, parser, and where it goes. */
    private static final ConfigTable<NameServerConfig> TABLE = ConsoleConfig.declare(SecurityConfig.declare(MetricsConfig.declare(
            new ConfigTable<NameServerConfig>("namesrv")
            .key(LISTEN_PORT, "int", "9876", "", false, "TCP port; 0 picks a free one",
                    ConfigValues::port, NameServerConfig::listenPort, NameServerConfig::listenPort)
            .key(BIND_ADDRESS, "string", "0.0.0.0", "", false, "address to listen on",
                    ConfigValues::nonBlank, NameServerConfig::bindAddress, NameServerConfig::bindAddress)
            .key(SCAN_NOT_ACTIVE_BROKER_INTERVAL, "long", "5000", "ms", false, "how often silent brokers are looked for",
                    s -> ConfigValues.longAtLeast(s, 1), NameServerConfig::scanNotActiveBrokerInterval,
                    NameServerConfig::scanNotActiveBrokerInterval)
            .key(BROKER_CHANNEL_EXPIRED_TIME, "long", "120000", "ms", true, "a broker silent this long is dropped",
                    s -> ConfigValues.longAtLeast(s, 1), NameServerConfig::brokerChannelExpiredTime,
                    NameServerConfig::brokerChannelExpiredTime)
            .key(ORDER_MESSAGE_ENABLE, "boolean", "false", "", true,
                    "routes carry the ordered-topic layout of the KV namespace ORDER_TOPIC_CONFIG",
                    ConfigValues::bool, NameServerConfig::orderMessageEnable, NameServerConfig::orderMessageEnable)
            .key(KV_CONFIG_PATH, "path", "", "", false, "the KV config file (empty: kvConfig.json under rocketmqHome)",
                    ConfigValues::optionalPath, NameServerConfig::kvConfigPath, c -> c.kvConfigPath)
            .key(ROCKETMQ_HOME, "path", ".", "", false, "home folder of the name server's files and logs/",
                    ConfigValues::path, NameServerConfig::rocketmqHome, NameServerConfig::rocketmqHome)
            .key(SERVER_WORKER_THREADS, "int", "4", "", false, "threads serving requests",
                    s -> ConfigValues.intAtLeast(s, 1), NameServerConfig::serverWorkerThreads,
                    NameServerConfig::serverWorkerThreads)
            .key(ENABLE_CONTROLLER_IN_NAMESRV, "boolean", "false", "", false,
                    "run a controller in this name server, on its port (set the controller keys too)",
                    ConfigValues::bool, NameServerConfig::enableControllerInNamesrv,
                    NameServerConfig::enableControllerInNamesrv)
            .key(ControllerConfig.CONTROLLER_GROUP, "string", "", "", false,
                    "the embedded controller's Raft group name", ConfigValues::text,
                    (c, v) -> c.controller.group(v), c -> c.controller.group())
            .key(ControllerConfig.CONTROLLER_PEERS, "string", "", "", false,
                    "the embedded controllers' Raft addresses, n0-host:port;n1-host:port;n2-host:port",
                    ConfigValues::text, (c, v) -> c.controller.peersText(v), c -> c.controller.peersText())
            .key(ControllerConfig.CONTROLLER_SELF_ID, "string", "", "", false,
                    "which of the peers the embedded controller is", ConfigValues::text,
                    (c, v) -> c.controller.selfId(v), c -> c.controller.selfId())
            .key(ControllerConfig.CONTROLLER_STORE_PATH, "path", "", "", false,
                    "the embedded controller's Raft log and snapshots (empty: controller under rocketmqHome)",
                    ConfigValues::optionalPath, (c, v) -> c.controller.storePath(v), c -> c.controller.storePathSet())
            .key(ControllerConfig.ENABLE_ELECT_UNCLEAN_MASTER, "boolean", "false", "", false,
                    "the embedded controller may elect a replica outside the in-sync set",
                    ConfigValues::bool, (c, v) -> c.controller.enableElectUncleanMaster(v),
                    c -> c.controller.enableElectUncleanMaster()),
            NameServerConfig::metrics, NameServerConfig::metrics), NameServerConfig::security, NameServerConfig::security),
            NameServerConfig::console, NameServerConfig::console);

    static {
        TlsConfig.declare(TABLE, NameServerConfig::tls, NameServerConfig::tls);
        ServerLimits.declare(TABLE, NameServerConfig::limits, ServerLimits.NAMESRV_FIRST_FRAME_TIMEOUT_MILLIS);
    }

    /** RocketMQ's keys that only matter for replication: accepted, not yet acted on. */
    public static final Set<String> NOT_YET_ACTED_ON = Set.of("controllerType", "supportActingMaster");

    private int listenPort;
    private String bindAddress;
    private long scanNotActiveBrokerInterval;
    /** Volatile, as an admin may change it while the name server runs (UPDATE_NAMESRV_CONFIG). */
    private volatile long brokerChannelExpiredTime;
    /** Volatile, as an admin may change it while the name server runs (UPDATE_NAMESRV_CONFIG). */
    private volatile boolean orderMessageEnable;
    private Path rocketmqHome;
    private Path kvConfigPath;
    private int serverWorkerThreads;
    private boolean enableControllerInNamesrv;
    /** The embedded controller's settings; its listen and bind keys are the name server's own. */
    private final ControllerConfig controller = new ControllerConfig();
    /** metricsExporterType, metricsPromExporterHost, metricsPromExporterPort: see {@link MetricsConfig}. */
    private MetricsConfig metrics = MetricsConfig.disabled();
    /** The tls.* keys of the name server's port: see {@link TlsConfig}. */
    private TlsConfig tls = TlsConfig.none();
    /** serverConnectionsMax, frameMaxLength, ...: what one client may take; see {@link ServerLimits}. */
    private final ServerLimits limits = new ServerLimits();
    /** authenticationEnabled, authorizationEnabled and the other auth keys: see {@link SecurityConfig}. */
    private SecurityConfig security = SecurityConfig.disabled();
    /** consoleEnabled, consoleHost, consolePort: see {@link ConsoleConfig}. */
    private ConsoleConfig console = ConsoleConfig.disabled();

    /** The defaults. */
    public NameServerConfig() {
        TABLE.applyDefaults(this);
    }

    /** The name server's key table, for {@code apogee config list} and the reference page. */
    public static ConfigTable<NameServerConfig> table() {
        return TABLE;
    }

    /**
     * Reads settings from properties, e.g. a {@code namesrv.conf}; keys not given keep their defaults. Every
     * unknown key and bad value is reported in one IllegalArgumentException.
     */
    public static NameServerConfig from(Properties properties) {
        Map<String, String> given = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> given.put(key, properties.getProperty(key)));
        List<String> errors = new ArrayList<>();
        String unknown = ConfigTable.unknownKeys("name server configuration", given.keySet(), NOT_YET_ACTED_ON,
                List.of(TABLE));
        if (unknown != null) {
            errors.add(unknown);
        }
        NameServerConfig config = new NameServerConfig();
        TABLE.apply(config, given, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid name server configuration: " + String.join("; ", errors));
        }
        List<String> notYet = given.keySet().stream().filter(NOT_YET_ACTED_ON::contains).toList();
        if (!notYet.isEmpty()) {
            LOG.warn("accepted but not acted on until replication lands: {}", notYet);
        }
        return config.validate();
    }

    /** Every key with its current value as text, sorted by key. */
    public Map<String, String> values() {
        return new TreeMap<>(TABLE.values(this));
    }

    /** Checks the settings together; returns this. */
    public NameServerConfig validate() {
        require(listenPort >= 0 && listenPort <= 65_535, LISTEN_PORT, "must be 0..65535");
        require(bindAddress != null && !bindAddress.isBlank(), BIND_ADDRESS, "must not be blank");
        require(scanNotActiveBrokerInterval > 0, SCAN_NOT_ACTIVE_BROKER_INTERVAL, "must be positive");
        require(brokerChannelExpiredTime > 0, BROKER_CHANNEL_EXPIRED_TIME, "must be positive");
        require(serverWorkerThreads > 0, SERVER_WORKER_THREADS, "must be positive");
        if (enableControllerInNamesrv) {
            controller().validate();
        }
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
    public ServerLimits limits() { return limits; }
    public MetricsConfig metrics() { return metrics; }
    public NameServerConfig metrics(MetricsConfig value) { metrics = value; return this; }
    public TlsConfig tls() { return tls; }
    public NameServerConfig tls(TlsConfig value) { tls = value; return this; }
    public SecurityConfig security() { return security; }
    public NameServerConfig security(SecurityConfig value) { security = value; return this; }
    public ConsoleConfig console() { return console; }
    public NameServerConfig console(ConsoleConfig value) { console = value; return this; }
    public NameServerConfig serverWorkerThreads(int value) { serverWorkerThreads = value; return this; }

    public boolean enableControllerInNamesrv() { return enableControllerInNamesrv; }
    public NameServerConfig enableControllerInNamesrv(boolean value) { enableControllerInNamesrv = value; return this; }

    /** The embedded controller's settings, its home and bind address the name server's; null when disabled. */
    public ControllerConfig controller() {
        if (!enableControllerInNamesrv) {
            return null;
        }
        return controller.rocketmqHome(rocketmqHome).bindAddress(bindAddress).threads(serverWorkerThreads);
    }

    /** The KV config file: {@code kvConfigPath} if set, else {@code kvConfig.json} under the home directory. */
    public Path kvConfigPath() {
        return kvConfigPath != null ? kvConfigPath : rocketmqHome.resolve("kvConfig.json");
    }

    public NameServerConfig kvConfigPath(Path value) { kvConfigPath = value; return this; }
}
