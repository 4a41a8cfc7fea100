package io.apogee.controller;

import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;
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
 * The controller's settings, with RocketMQ 5.3.3's controller key names ({@code controllerDLegerGroup},
 * {@code controllerDLegerPeers}, {@code controllerDLegerSelfId}, ...) so an existing {@code controller.conf}
 * mostly works; the "DLeger" keys name the Raft group that Apache Ratis runs here. Every key is a constant below
 * with its default; {@link #from} refuses unknown keys and unparsable values, naming the key.
 *
 * <p>Thread safety: built and validated on one thread before {@link Controller#start()}; not changed after.
 */
public final class ControllerConfig {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerConfig.class);

    /** Remoting port brokers and admin tools use; 0 picks a free one. Default 19876, as RocketMQ's. */
    public static final String LISTEN_PORT = "listenPort";
    /** Address to bind. Default 0.0.0.0. */
    public static final String BIND_ADDRESS = "bindAddress";
    /** Name of the controllers' Raft group. Required. */
    public static final String CONTROLLER_GROUP = "controllerDLegerGroup";
    /** Every controller's Raft address: {@code n0-host:port;n1-host:port;...}. Required. */
    public static final String CONTROLLER_PEERS = "controllerDLegerPeers";
    /** Which of the peers this controller is. Required. */
    public static final String CONTROLLER_SELF_ID = "controllerDLegerSelfId";
    /** Folder of the Raft log and snapshots. Default: {@code controller} under rocketmqHome. */
    public static final String CONTROLLER_STORE_PATH = "controllerStorePath";
    /** Home folder of the controller's files. Default: the working directory. */
    public static final String ROCKETMQ_HOME = "rocketmqHome";
    /** Whether a replica outside the in-sync set may become master when no in-sync one is alive. Default false. */
    public static final String ENABLE_ELECT_UNCLEAN_MASTER = "enableElectUncleanMaster";
    /** Whether the leader tells a group's brokers of a new master as soon as it is elected. Default true. */
    public static final String NOTIFY_BROKER_ROLE_CHANGED = "notifyBrokerRoleChanged";
    /** How often the leader looks for masters whose heartbeats stopped, in ms. Default 1000. */
    public static final String SCAN_INACTIVE_MASTER_INTERVAL = "scanInactiveMasterInterval";
    /** Heartbeat timeout of a broker that does not send its own, in ms. Default 10000. */
    public static final String BROKER_HEARTBEAT_TIMEOUT = "brokerHeartbeatTimeoutMillis";
    /** Threads serving requests. Default 16. */
    public static final String CONTROLLER_THREAD_POOL_NUMS = "controllerThreadPoolNums";
    /** Log entries applied between two snapshots; the log before a snapshot is purged. Default 10000. */
    public static final String CONTROLLER_SNAPSHOT_THRESHOLD = "controllerSnapshotThreshold";
    /** Size of one Raft log segment file, in bytes; only whole segments are purged. Default 8388608. */
    public static final String CONTROLLER_LOG_SEGMENT_SIZE = "controllerLogSegmentSize";
    /** Shortest Raft election timeout, in ms; the longest is twice it. Default 1000. */
    public static final String CONTROLLER_ELECTION_TIMEOUT = "controllerElectionTimeoutMillis";

    private static final ConfigTable<ControllerConfig> TABLE = new ConfigTable<ControllerConfig>("controller")
            .key(LISTEN_PORT, "int", "19876", "", false, "remoting port for brokers and admin tools; 0 picks one",
                    ConfigValues::port, ControllerConfig::listenPort, ControllerConfig::listenPort)
            .key(BIND_ADDRESS, "string", "0.0.0.0", "", false, "address to listen on",
                    ConfigValues::nonBlank, ControllerConfig::bindAddress, ControllerConfig::bindAddress)
            .key(CONTROLLER_GROUP, "string", "", "", false, "name of the controllers' Raft group (required)",
                    ConfigValues::text, ControllerConfig::group, ControllerConfig::group)
            .key(CONTROLLER_PEERS, "string", "", "", false,
                    "every controller's Raft address, n0-host:port;n1-host:port;n2-host:port (required)",
                    ConfigValues::text, ControllerConfig::peersText, ControllerConfig::peersText)
            .key(CONTROLLER_SELF_ID, "string", "", "", false, "which of the peers this controller is (required)",
                    ConfigValues::text, ControllerConfig::selfId, ControllerConfig::selfId)
            .key(CONTROLLER_STORE_PATH, "path", "", "", false,
                    "folder of the Raft log and snapshots (empty: controller under rocketmqHome)",
                    ConfigValues::optionalPath, ControllerConfig::storePath, c -> c.storePath)
            .key(ROCKETMQ_HOME, "path", ".", "", false, "home folder of the controller's files and logs/",
                    ConfigValues::path, ControllerConfig::rocketmqHome, ControllerConfig::rocketmqHome)
            .key(ENABLE_ELECT_UNCLEAN_MASTER, "boolean", "false", "", false,
                    "a replica outside the in-sync set may become master (may lose acknowledged messages)",
                    ConfigValues::bool, ControllerConfig::enableElectUncleanMaster,
                    ControllerConfig::enableElectUncleanMaster)
            .key(NOTIFY_BROKER_ROLE_CHANGED, "boolean", "true", "", false,
                    "tell a group's brokers of a new master as soon as it is elected",
                    ConfigValues::bool, ControllerConfig::notifyBrokerRoleChanged,
                    ControllerConfig::notifyBrokerRoleChanged)
            .key(SCAN_INACTIVE_MASTER_INTERVAL, "long", "1000", "ms", false,
                    "how often the leader looks for masters gone silent (an in-memory check; RocketMQ: 5000)",
                    s -> ConfigValues.longAtLeast(s, 1), ControllerConfig::scanInactiveMasterInterval,
                    ControllerConfig::scanInactiveMasterInterval)
            .key(BROKER_HEARTBEAT_TIMEOUT, "long", "10000", "ms", false,
                    "a broker silent this long is lost, unless its heartbeats name their own timeout",
                    s -> ConfigValues.longAtLeast(s, 1), ControllerConfig::brokerHeartbeatTimeoutMillis,
                    ControllerConfig::brokerHeartbeatTimeoutMillis)
            .key(CONTROLLER_THREAD_POOL_NUMS, "int", "16", "", false, "threads serving requests",
                    s -> ConfigValues.intAtLeast(s, 1), ControllerConfig::threads, ControllerConfig::threads)
            .key(CONTROLLER_SNAPSHOT_THRESHOLD, "long", "10000", "", false,
                    "log entries between two snapshots; the log before a snapshot is purged",
                    s -> ConfigValues.longAtLeast(s, 1), ControllerConfig::snapshotThreshold,
                    ControllerConfig::snapshotThreshold)
            .key(CONTROLLER_LOG_SEGMENT_SIZE, "long", "8388608", "bytes", false,
                    "size of one Raft log segment; only whole segments are purged",
                    s -> ConfigValues.longAtLeast(s, 1024), ControllerConfig::logSegmentSize,
                    ControllerConfig::logSegmentSize)
            .key(CONTROLLER_ELECTION_TIMEOUT, "long", "1000", "ms", false,
                    "shortest Raft election timeout; the longest is twice it",
                    s -> ConfigValues.longAtLeast(s, 50), ControllerConfig::electionTimeoutMillis,
                    ControllerConfig::electionTimeoutMillis);

    /** RocketMQ's controller keys with no meaning here: accepted, named in one warning. */
    public static final Set<String> NOT_ACTED_ON = Set.of("controllerType", "mappedFileSize",
            "controllerRequestThreadPoolQueueCapacity", "electMasterMaxRetryCount", "isProcessReadEvent",
            "scanNotActiveBrokerInterval", "configStorePath", "configBlackList");

    private int listenPort;
    private String bindAddress;
    private String group;
    private String peersText;
    private String selfId;
    private Path storePath;
    private Path rocketmqHome;
    private boolean enableElectUncleanMaster;
    private boolean notifyBrokerRoleChanged;
    private long scanInactiveMasterInterval;
    private long brokerHeartbeatTimeoutMillis;
    private int threads;
    private long snapshotThreshold;
    private long logSegmentSize;
    private long electionTimeoutMillis;

    /** The defaults; the group, peers and self id must still be given. */
    public ControllerConfig() {
        TABLE.applyDefaults(this);
    }

    /** The controller's key table, for {@code apogee config list} and the reference page. */
    public static ConfigTable<ControllerConfig> table() {
        return TABLE;
    }

    /** Reads a {@code controller.conf}; every unknown key and bad value is reported in one exception. */
    public static ControllerConfig from(Properties properties) {
        Map<String, String> given = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> given.put(key, properties.getProperty(key)));
        List<String> errors = new ArrayList<>();
        String unknown = ConfigTable.unknownKeys("controller configuration", given.keySet(), NOT_ACTED_ON,
                List.of(TABLE));
        if (unknown != null) {
            errors.add(unknown);
        }
        ControllerConfig config = new ControllerConfig();
        TABLE.apply(config, given, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid controller configuration: " + String.join("; ", errors));
        }
        List<String> ignored = given.keySet().stream().filter(NOT_ACTED_ON::contains).toList();
        if (!ignored.isEmpty()) {
            LOG.warn("accepted but not acted on (the controller always runs on Apache Ratis): {}", ignored);
        }
        return config.validate();
    }

    /** Every key with its current value as text, sorted by key. */
    public Map<String, String> values() {
        return new TreeMap<>(TABLE.values(this));
    }

    /** Checks the settings together; returns this. */
    public ControllerConfig validate() {
        require(!group.isBlank(), CONTROLLER_GROUP, "must be given");
        List<ControllerPeer> peers;
        try {
            peers = peers();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("controller setting '" + CONTROLLER_PEERS + "': " + e.getMessage(), e);
        }
        require(!peers.isEmpty(), CONTROLLER_PEERS, "must name at least one controller");
        require(peers.stream().anyMatch(p -> p.id().equals(selfId)), CONTROLLER_SELF_ID,
                "'" + selfId + "' must be one of the ids of " + CONTROLLER_PEERS + " " + peersText);
        return this;
    }

    private static void require(boolean ok, String key, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("controller setting '" + key + "' " + rule);
        }
    }

    /** The peers of {@code controllerDLegerPeers}. */
    public List<ControllerPeer> peers() {
        return ControllerPeer.parseList(peersText);
    }

    /** The folder of the Raft log and snapshots. */
    public Path storePath() {
        return storePath != null ? storePath : rocketmqHome.resolve("controller");
    }

    public ControllerConfig storePath(Path value) { storePath = value; return this; }
    /** {@code controllerStorePath} as given, null when not. */
    public Path storePathSet() { return storePath; }
    public int listenPort() { return listenPort; }
    public ControllerConfig listenPort(int value) { listenPort = value; return this; }
    public String bindAddress() { return bindAddress; }
    public ControllerConfig bindAddress(String value) { bindAddress = value; return this; }
    public String group() { return group; }
    public ControllerConfig group(String value) { group = value; return this; }
    public String peersText() { return peersText; }
    public ControllerConfig peersText(String value) { peersText = value; return this; }
    public String selfId() { return selfId; }
    public ControllerConfig selfId(String value) { selfId = value; return this; }
    public Path rocketmqHome() { return rocketmqHome; }
    public ControllerConfig rocketmqHome(Path value) { rocketmqHome = value; return this; }
    public boolean notifyBrokerRoleChanged() { return notifyBrokerRoleChanged; }
    public ControllerConfig notifyBrokerRoleChanged(boolean value) { notifyBrokerRoleChanged = value; return this; }
    public boolean enableElectUncleanMaster() { return enableElectUncleanMaster; }
    public ControllerConfig enableElectUncleanMaster(boolean value) { enableElectUncleanMaster = value; return this; }
    public long scanInactiveMasterInterval() { return scanInactiveMasterInterval; }
    public ControllerConfig scanInactiveMasterInterval(long value) { scanInactiveMasterInterval = value; return this; }
    public long brokerHeartbeatTimeoutMillis() { return brokerHeartbeatTimeoutMillis; }
    public ControllerConfig brokerHeartbeatTimeoutMillis(long value) { brokerHeartbeatTimeoutMillis = value; return this; }
    public int threads() { return threads; }
    public ControllerConfig threads(int value) { threads = value; return this; }
    public long snapshotThreshold() { return snapshotThreshold; }
    public ControllerConfig snapshotThreshold(long value) { snapshotThreshold = value; return this; }
    public long logSegmentSize() { return logSegmentSize; }
    public ControllerConfig logSegmentSize(long value) { logSegmentSize = value; return this; }
    public long electionTimeoutMillis() { return electionTimeoutMillis; }
    public ControllerConfig electionTimeoutMillis(long value) { electionTimeoutMillis = value; return this; }
}
