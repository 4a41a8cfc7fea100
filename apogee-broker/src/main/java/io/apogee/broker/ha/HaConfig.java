package io.apogee.broker.ha;

import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;

import java.util.function.Function;

/**
 * The replication keys a broker acts on, named as RocketMQ names them so that its {@code 2m-2s-async} and
 * {@code 2m-2s-sync} files keep their meaning, plus {@value #SLAVE_SYNC_INTERVAL} (Apogee's own: RocketMQ
 * fixes that period at 10 s).
 *
 * <p>Thread safety: filled and validated on one thread before the broker starts; read-only after.
 */
public final class HaConfig {

    public static final String BROKER_ROLE = "brokerRole";
    public static final String HA_LISTEN_PORT = "haListenPort";
    public static final String HA_MASTER_ADDRESS = "haMasterAddress";
    public static final String HA_MAX_GAP_NOT_IN_SYNC = "haMaxGapNotInSync";
    public static final String HA_SEND_HEARTBEAT_INTERVAL = "haSendHeartbeatInterval";
    public static final String HA_TRANSFER_BATCH_SIZE = "haTransferBatchSize";
    public static final String SLAVE_SYNC_INTERVAL = "slaveSyncInterval";
    public static final String SLAVE_READ_ENABLE = "slaveReadEnable";
    public static final String ENABLE_CONTROLLER_MODE = "enableControllerMode";
    public static final String CONTROLLER_ADDR = "controllerAddr";
    public static final String BROKER_HEARTBEAT_INTERVAL = "brokerHeartbeatInterval";
    public static final String CONTROLLER_HEARTBEAT_TIMEOUT = "controllerHeartBeatTimeoutMills";
    public static final String SYNC_BROKER_METADATA_PERIOD = "syncBrokerMetadataPeriod";
    public static final String CHECK_SYNC_STATE_SET_PERIOD = "checkSyncStateSetPeriod";

    private BrokerRole brokerRole = BrokerRole.ASYNC_MASTER;
    private int haListenPort = -1;
    private String haMasterAddress = "";
    private long haMaxGapNotInSync = 256L * 1024 * 1024;
    private long haSendHeartbeatInterval = 5_000;
    private int haTransferBatchSize = 32 * 1024;
    private long slaveSyncInterval = 10_000;
    private boolean slaveReadEnable;
    private int masterEpoch;
    private boolean enableControllerMode;
    private String controllerAddr = "";
    private long brokerHeartbeatInterval = 1_000;
    private long controllerHeartBeatTimeoutMills = 10_000;
    private long syncBrokerMetadataPeriod = 5_000;
    private long checkSyncStateSetPeriod = 5_000;

    /** Declares the keys in a server's key table, kept in the {@code HaConfig} that {@code get} returns. */
    public static <C> ConfigTable<C> declare(ConfigTable<C> table, Function<C, HaConfig> get) {
        return table
                .key(BROKER_ROLE, "ASYNC_MASTER|SYNC_MASTER|SLAVE", "ASYNC_MASTER", "", false,
                        "SYNC_MASTER answers SEND_OK only once its in-sync slaves hold the message; a SLAVE copies "
                                + "its master and refuses sends",
                        BrokerRole::parse, (c, v) -> get.apply(c).brokerRole = v, c -> get.apply(c).brokerRole)
                .key(HA_LISTEN_PORT, "int", "-1", "", false,
                        "port slaves replicate from; -1 is listenPort + 1 (a free port when listenPort is 0)",
                        s -> ConfigValues.intBetween(s, -1, 65_535), (c, v) -> get.apply(c).haListenPort = v,
                        c -> get.apply(c).haListenPort)
                .key(HA_MASTER_ADDRESS, "string", "", "", false,
                        "host:haListenPort a slave replicates from (empty: the one the name servers report)",
                        ConfigValues::text, (c, v) -> get.apply(c).haMasterAddress = v.trim(),
                        c -> get.apply(c).haMasterAddress)
                .key(HA_MAX_GAP_NOT_IN_SYNC, "long", "268435456", "bytes", false,
                        "a slave further behind than this is out of sync: SYNC_MASTER answers SLAVE_NOT_AVAILABLE",
                        s -> ConfigValues.longAtLeast(s, 0), (c, v) -> get.apply(c).haMaxGapNotInSync = v,
                        c -> get.apply(c).haMaxGapNotInSync)
                .key(HA_SEND_HEARTBEAT_INTERVAL, "long", "5000", "ms", false,
                        "an idle master sends a heartbeat this often; a slave that hears nothing for three of "
                                + "them reconnects",
                        s -> ConfigValues.longAtLeast(s, 10), (c, v) -> get.apply(c).haSendHeartbeatInterval = v,
                        c -> get.apply(c).haSendHeartbeatInterval)
                .key(HA_TRANSFER_BATCH_SIZE, "int", "32768", "bytes", false,
                        "most bytes of whole records in one transfer (a larger record goes alone)",
                        s -> ConfigValues.intAtLeast(s, 1024), (c, v) -> get.apply(c).haTransferBatchSize = v,
                        c -> get.apply(c).haTransferBatchSize)
                .key(SLAVE_SYNC_INTERVAL, "long", "10000", "ms", false,
                        "how often a slave copies topics, groups, consumer offsets and delay progress from its "
                                + "master (Apogee)",
                        s -> ConfigValues.longAtLeast(s, 100), (c, v) -> get.apply(c).slaveSyncInterval = v,
                        c -> get.apply(c).slaveSyncInterval)
                .key(SLAVE_READ_ENABLE, "boolean", "false", "", false,
                        "a slave serves pulls, and a master sends consumers that fall behind memory to the slave",
                        ConfigValues::bool, (c, v) -> get.apply(c).slaveReadEnable = v,
                        c -> get.apply(c).slaveReadEnable)
                .key(ENABLE_CONTROLLER_MODE, "boolean", "false", "", false,
                        "the controllers of controllerAddr give this broker its id and role (brokerRole and "
                                + "brokerId are then ignored) and elect a new master when it is lost",
                        ConfigValues::bool, (c, v) -> get.apply(c).enableControllerMode = v,
                        c -> get.apply(c).enableControllerMode)
                .key(CONTROLLER_ADDR, "string", "", "", false,
                        "host:port of each controller, separated by ';' (controller mode)",
                        ConfigValues::text, (c, v) -> get.apply(c).controllerAddr = v.trim(),
                        c -> get.apply(c).controllerAddr)
                .key(BROKER_HEARTBEAT_INTERVAL, "long", "1000", "ms", false,
                        "how often a broker in controller mode tells the controller it is alive",
                        s -> ConfigValues.longAtLeast(s, 10), (c, v) -> get.apply(c).brokerHeartbeatInterval = v,
                        c -> get.apply(c).brokerHeartbeatInterval)
                .key(CONTROLLER_HEARTBEAT_TIMEOUT, "long", "10000", "ms", false,
                        "the controller counts a broker lost after this long without a heartbeat; a master "
                                + "stops acknowledging sends half of it after its last answered heartbeat (its lease)",
                        s -> ConfigValues.longAtLeast(s, 100),
                        (c, v) -> get.apply(c).controllerHeartBeatTimeoutMills = v,
                        c -> get.apply(c).controllerHeartBeatTimeoutMills)
                .key(SYNC_BROKER_METADATA_PERIOD, "long", "5000", "ms", false,
                        "how often a broker in controller mode asks the controller who its group's master is",
                        s -> ConfigValues.longAtLeast(s, 10), (c, v) -> get.apply(c).syncBrokerMetadataPeriod = v,
                        c -> get.apply(c).syncBrokerMetadataPeriod)
                .key(CHECK_SYNC_STATE_SET_PERIOD, "long", "5000", "ms", false,
                        "how often a master in controller mode reports slaves that fell behind or caught up",
                        s -> ConfigValues.longAtLeast(s, 10), (c, v) -> get.apply(c).checkSyncStateSetPeriod = v,
                        c -> get.apply(c).checkSyncStateSetPeriod);
    }

    public BrokerRole brokerRole() { return brokerRole; }
    public HaConfig brokerRole(BrokerRole value) { brokerRole = value; return this; }
    /** The configured port: -1 for listenPort + 1; see {@link #haPort(int)}. */
    public int haListenPort() { return haListenPort; }
    public HaConfig haListenPort(int value) { haListenPort = value; return this; }
    public String haMasterAddress() { return haMasterAddress; }
    public HaConfig haMasterAddress(String value) { haMasterAddress = value; return this; }
    public long haMaxGapNotInSync() { return haMaxGapNotInSync; }
    public HaConfig haMaxGapNotInSync(long value) { haMaxGapNotInSync = value; return this; }
    public long haSendHeartbeatInterval() { return haSendHeartbeatInterval; }
    public HaConfig haSendHeartbeatInterval(long value) { haSendHeartbeatInterval = value; return this; }
    public int haTransferBatchSize() { return haTransferBatchSize; }
    public HaConfig haTransferBatchSize(int value) { haTransferBatchSize = value; return this; }
    public long slaveSyncInterval() { return slaveSyncInterval; }
    public HaConfig slaveSyncInterval(long value) { slaveSyncInterval = value; return this; }

    public boolean enableControllerMode() { return enableControllerMode; }
    public HaConfig enableControllerMode(boolean value) { enableControllerMode = value; return this; }
    public String controllerAddr() { return controllerAddr; }
    public HaConfig controllerAddr(String value) { controllerAddr = value; return this; }
    public long brokerHeartbeatInterval() { return brokerHeartbeatInterval; }
    public HaConfig brokerHeartbeatInterval(long value) { brokerHeartbeatInterval = value; return this; }
    public long controllerHeartBeatTimeoutMills() { return controllerHeartBeatTimeoutMills; }
    public HaConfig controllerHeartBeatTimeoutMills(long value) { controllerHeartBeatTimeoutMills = value; return this; }
    public long syncBrokerMetadataPeriod() { return syncBrokerMetadataPeriod; }
    public HaConfig syncBrokerMetadataPeriod(long value) { syncBrokerMetadataPeriod = value; return this; }
    public long checkSyncStateSetPeriod() { return checkSyncStateSetPeriod; }
    public HaConfig checkSyncStateSetPeriod(long value) { checkSyncStateSetPeriod = value; return this; }

    public boolean slaveReadEnable() { return slaveReadEnable; }
    public HaConfig slaveReadEnable(boolean value) { slaveReadEnable = value; return this; }

    /**
     * The epoch this broker serves at as master: it starts serving at the newer of this and its epoch file's
     * newest. No key: 0 with static roles; the controller hands epochs out (tests set it to stage elections).
     */
    public int masterEpoch() { return masterEpoch; }
    public HaConfig masterEpoch(int value) { masterEpoch = value; return this; }

    /** The port to bind for replication, given the client port the broker was configured with (0: any free). */
    public int haPort(int configuredListenPort) {
        if (haListenPort >= 0) {
            return haListenPort;
        }
        return configuredListenPort == 0 ? 0 : configuredListenPort + 1;
    }
}
