package io.apogee.store;

import io.apogee.common.config.ConfigKey;
import io.apogee.common.config.ConfigTable;
import io.apogee.common.config.ConfigValues;
import io.apogee.store.file.FileSpace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The store's configuration. Every key is a named constant carrying RocketMQ's name where the meaning is
 * the same, with its type, default, unit and doc line in {@link #TABLE}. {@link #from(Map)} validates all given values
 * at once: an unknown key, an unparsable value or a value out of range fails with a message naming the key,
 * before any file is opened or thread started.
 *
 * <p>Thread safety: immutable.
 */
public final class MessageStoreConfig {

    /** Root directory of commitlog/, consumequeue/, index/, checkpoint and markers. */
    public static final String STORE_PATH_ROOT_DIR = "storePathRootDir";
    /** Directory of the commit log's files; empty: commitlog/ under the root, as RocketMQ defaults it. */
    public static final String STORE_PATH_COMMIT_LOG = "storePathCommitLog";
    /** Bytes per commit-log file. */
    public static final String MAPPED_FILE_SIZE_COMMIT_LOG = "mappedFileSizeCommitLog";
    /** ASYNC_FLUSH or SYNC_FLUSH. */
    public static final String FLUSH_DISK_TYPE = "flushDiskType";
    /**
     * Whether new commit-log files under ASYNC_FLUSH get their blocks written with zeros before use (RocketMQ's
     * name for pre-touching a new file; off by default, as in RocketMQ). Off, they are sparse: each byte reaches
     * the disk once, and a write that finds the disk full is refused with DISK_FULL. On, no write can find the
     * disk full, but every byte reaches the disk twice (see the architecture notes). Under SYNC_FLUSH they are
     * always written with zeros.
     */
    public static final String WARM_MAPED_FILE_ENABLE = "warmMapedFileEnable";
    /** Milliseconds between forces of the commit log under ASYNC_FLUSH. */
    public static final String FLUSH_INTERVAL_COMMIT_LOG = "flushIntervalCommitLog";
    /** Milliseconds a SYNC_FLUSH append waits for its force before answering FLUSH_DISK_TIMEOUT. */
    public static final String SYNC_FLUSH_TIMEOUT = "syncFlushTimeout";
    /** Largest stored record in bytes. */
    public static final String MAX_MESSAGE_SIZE = "maxMessageSize";
    /** Hours a commit-log file is kept after its last write. */
    public static final String FILE_RESERVED_TIME = "fileReservedTime";
    /** Hours of day (two digits, several separated by ';') when expired files are deleted. */
    public static final String DELETE_WHEN = "deleteWhen";
    /** Disk use percentage above which expired files are deleted at once, whatever the hour. */
    public static final String DISK_MAX_USED_SPACE_RATIO = "diskMaxUsedSpaceRatio";
    /** Disk use percentage above which files still within their reserved time are deleted too, if enabled. */
    public static final String DISK_SPACE_CLEAN_FORCIBLY_RATIO = "diskSpaceCleanForciblyRatio";
    /**
     * Whether disk pressure may delete files still within {@code fileReservedTime}, which may hold messages no
     * consumer has read. RocketMQ's default is true; Apogee's is false: it refuses writes instead.
     */
    public static final String CLEAN_FILE_FORCIBLY_ENABLE = "cleanFileForciblyEnable";
    /** Disk use percentage above which appends are refused with DISK_FULL. */
    public static final String DISK_SPACE_WARNING_LEVEL_RATIO = "diskSpaceWarningLevelRatio";
    /** Bytes per consume-queue file; a multiple of the 20-byte entry. */
    public static final String MAPED_FILE_SIZE_CONSUME_QUEUE = "mapedFileSizeConsumeQueue";
    /** Milliseconds between forces of consume queues and index (and checkpoint writes). */
    public static final String FLUSH_INTERVAL_CONSUME_QUEUE = "flushIntervalConsumeQueue";
    /** Hash slots per index file. */
    public static final String MAX_HASH_SLOT_NUM = "maxHashSlotNum";
    /** Entries per index file. */
    public static final String MAX_INDEX_NUM = "maxIndexNum";
    /** Milliseconds between disk-space checks and retention runs. */
    public static final String CLEAN_RESOURCE_INTERVAL = "cleanResourceInterval";
    /** Whether the dispatcher builds the key index. */
    public static final String MESSAGE_INDEX_ENABLE = "messageIndexEnable";
    public static final String MAX_TRANSFER_COUNT_IN_MEMORY = "maxTransferCountOnMessageInMemory";
    public static final String MAX_TRANSFER_BYTES_IN_MEMORY = "maxTransferBytesOnMessageInMemory";
    public static final String MAX_TRANSFER_COUNT_IN_DISK = "maxTransferCountOnMessageInDisk";
    public static final String MAX_TRANSFER_BYTES_IN_DISK = "maxTransferBytesOnMessageInDisk";
    public static final String ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO = "accessMessageInMemoryMaxRatio";
    /** Apogee's own: how many SYNC_FLUSH sends may wait for a force before new ones are refused. */
    public static final String SYNC_FLUSH_MAX_WAITERS = "syncFlushMaxWaiters";
    /** Apogee's own: how many written but unforced bytes SYNC_FLUSH sends may wait on before new ones are refused. */
    public static final String SYNC_FLUSH_MAX_PENDING_BYTES = "syncFlushMaxPendingBytes";

    /** The values of one parse: parsed, and as given (or defaulted) for admin tools that show the settings. */
    private static final class Parsed {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> text = new LinkedHashMap<>();

        void put(String key, Object value) {
            values.put(key, value);
        }

        String text(String key) {
            return text.get(key);
        }
    }

    /** Every key with its type, default, unit, doc line and parser. */
    private static final ConfigTable<Parsed> TABLE = new ConfigTable<Parsed>("store")
            .key(STORE_PATH_ROOT_DIR, "path", "store", "", false, "root directory of the store",
                    ConfigValues::nonBlank, (c, v) -> c.put(STORE_PATH_ROOT_DIR, v), c -> c.text(STORE_PATH_ROOT_DIR))
            .key(STORE_PATH_COMMIT_LOG, "path", "", "", false,
                    "directory of the commit log (empty: commitlog under the root), e.g. on another disk",
                    String::trim, (c, v) -> c.put(STORE_PATH_COMMIT_LOG, v), c -> c.text(STORE_PATH_COMMIT_LOG))
            .key(MAPPED_FILE_SIZE_COMMIT_LOG, "int", "134217728", "bytes", false, "bytes per commit-log file",
                    s -> positiveInt(s, 4096), (c, v) -> c.put(MAPPED_FILE_SIZE_COMMIT_LOG, v), c -> c.text(MAPPED_FILE_SIZE_COMMIT_LOG))
            .key(FLUSH_DISK_TYPE, "ASYNC_FLUSH|SYNC_FLUSH", "ASYNC_FLUSH", "", false, "ASYNC_FLUSH or SYNC_FLUSH",
                    FlushDiskType::valueOf, (c, v) -> c.put(FLUSH_DISK_TYPE, v), c -> c.text(FLUSH_DISK_TYPE))
            .key(WARM_MAPED_FILE_ENABLE, "boolean", "false", "", false,
                    "write zeros into new commit-log files under ASYNC_FLUSH (false: sparse)",
                    ConfigValues::bool, (c, v) -> c.put(WARM_MAPED_FILE_ENABLE, v), c -> c.text(WARM_MAPED_FILE_ENABLE))
            .key(FLUSH_INTERVAL_COMMIT_LOG, "int", "500", "ms", false, "ms between async forces",
                    s -> positiveInt(s, 1), (c, v) -> c.put(FLUSH_INTERVAL_COMMIT_LOG, v), c -> c.text(FLUSH_INTERVAL_COMMIT_LOG))
            .key(SYNC_FLUSH_TIMEOUT, "int", "5000", "ms", false, "ms a sync append waits for its force",
                    s -> positiveInt(s, 1), (c, v) -> c.put(SYNC_FLUSH_TIMEOUT, v), c -> c.text(SYNC_FLUSH_TIMEOUT))
            .key(MAX_MESSAGE_SIZE, "int", "4194304", "bytes", false, "largest record in bytes",
                    s -> positiveInt(s, 256), (c, v) -> c.put(MAX_MESSAGE_SIZE, v), c -> c.text(MAX_MESSAGE_SIZE))
            .key(FILE_RESERVED_TIME, "int", "72", "h", false, "hours a commit-log file is kept",
                    s -> positiveInt(s, 0), (c, v) -> c.put(FILE_RESERVED_TIME, v), c -> c.text(FILE_RESERVED_TIME))
            .key(DELETE_WHEN, "hours", "04", "", false, "hours of day for deletion, e.g. 04 or 04;16",
                    MessageStoreConfig::hours, (c, v) -> c.put(DELETE_WHEN, v), c -> c.text(DELETE_WHEN))
            .key(DISK_MAX_USED_SPACE_RATIO, "int", "75", "%", false, "disk use % that deletes expired files at any hour",
                    s -> percent(s), (c, v) -> c.put(DISK_MAX_USED_SPACE_RATIO, v), c -> c.text(DISK_MAX_USED_SPACE_RATIO))
            .key(DISK_SPACE_CLEAN_FORCIBLY_RATIO, "int", "85", "%", false, "disk use % that deletes unexpired files, if enabled",
                    s -> percent(s), (c, v) -> c.put(DISK_SPACE_CLEAN_FORCIBLY_RATIO, v), c -> c.text(DISK_SPACE_CLEAN_FORCIBLY_RATIO))
            .key(CLEAN_FILE_FORCIBLY_ENABLE, "boolean", "false", "", false, "let disk pressure delete unexpired files",
                    ConfigValues::bool, (c, v) -> c.put(CLEAN_FILE_FORCIBLY_ENABLE, v), c -> c.text(CLEAN_FILE_FORCIBLY_ENABLE))
            .key(DISK_SPACE_WARNING_LEVEL_RATIO, "int", "90", "%", false, "disk use % that refuses appends",
                    s -> percent(s), (c, v) -> c.put(DISK_SPACE_WARNING_LEVEL_RATIO, v), c -> c.text(DISK_SPACE_WARNING_LEVEL_RATIO))
            .key(MAPED_FILE_SIZE_CONSUME_QUEUE, "int", "6000000", "bytes", false, "bytes per consume-queue file",
                    s -> positiveInt(s, 20), (c, v) -> c.put(MAPED_FILE_SIZE_CONSUME_QUEUE, v), c -> c.text(MAPED_FILE_SIZE_CONSUME_QUEUE))
            .key(FLUSH_INTERVAL_CONSUME_QUEUE, "int", "1000", "ms", false, "ms between consume-queue forces",
                    s -> positiveInt(s, 1), (c, v) -> c.put(FLUSH_INTERVAL_CONSUME_QUEUE, v), c -> c.text(FLUSH_INTERVAL_CONSUME_QUEUE))
            .key(MAX_HASH_SLOT_NUM, "int", "500000", "", false, "hash slots per index file",
                    s -> positiveInt(s, 1), (c, v) -> c.put(MAX_HASH_SLOT_NUM, v), c -> c.text(MAX_HASH_SLOT_NUM))
            .key(MAX_INDEX_NUM, "int", "2000000", "", false, "entries per index file",
                    s -> positiveInt(s, 1), (c, v) -> c.put(MAX_INDEX_NUM, v), c -> c.text(MAX_INDEX_NUM))
            .key(CLEAN_RESOURCE_INTERVAL, "int", "10000", "ms", false, "ms between disk checks",
                    s -> positiveInt(s, 1), (c, v) -> c.put(CLEAN_RESOURCE_INTERVAL, v), c -> c.text(CLEAN_RESOURCE_INTERVAL))
            .key(MESSAGE_INDEX_ENABLE, "boolean", "true", "", false, "build the key index",
                    ConfigValues::bool, (c, v) -> c.put(MESSAGE_INDEX_ENABLE, v), c -> c.text(MESSAGE_INDEX_ENABLE))
            .key(MAX_TRANSFER_COUNT_IN_MEMORY, "int", "32", "", false, "most messages one pull returns from memory",
                    s -> positiveInt(s, 1), (c, v) -> c.put(MAX_TRANSFER_COUNT_IN_MEMORY, v), c -> c.text(MAX_TRANSFER_COUNT_IN_MEMORY))
            .key(MAX_TRANSFER_BYTES_IN_MEMORY, "int", "262144", "bytes", false, "most bytes one pull returns from memory",
                    s -> positiveInt(s, 1), (c, v) -> c.put(MAX_TRANSFER_BYTES_IN_MEMORY, v), c -> c.text(MAX_TRANSFER_BYTES_IN_MEMORY))
            .key(MAX_TRANSFER_COUNT_IN_DISK, "int", "8", "", false, "most messages one pull returns from disk",
                    s -> positiveInt(s, 1), (c, v) -> c.put(MAX_TRANSFER_COUNT_IN_DISK, v), c -> c.text(MAX_TRANSFER_COUNT_IN_DISK))
            .key(MAX_TRANSFER_BYTES_IN_DISK, "int", "65536", "bytes", false, "most bytes one pull returns from disk",
                    s -> positiveInt(s, 1), (c, v) -> c.put(MAX_TRANSFER_BYTES_IN_DISK, v), c -> c.text(MAX_TRANSFER_BYTES_IN_DISK))
            .key(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "int", "40", "%", false, "% of physical memory behind the log's end that counts as in memory for a pull",
                    s -> percent(s, 0), (c, v) -> c.put(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, v), c -> c.text(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO))
            .key(SYNC_FLUSH_MAX_WAITERS, "int", "10000", "", false, "SYNC_FLUSH sends waiting for a force before SYSTEM_BUSY",
                    s -> positiveInt(s, 1), (c, v) -> c.put(SYNC_FLUSH_MAX_WAITERS, v), c -> c.text(SYNC_FLUSH_MAX_WAITERS))
            .key(SYNC_FLUSH_MAX_PENDING_BYTES, "int", "268435456", "bytes", false, "unforced bytes SYNC_FLUSH sends wait on before SYSTEM_BUSY",
                    s -> positiveInt(s, 1), (c, v) -> c.put(SYNC_FLUSH_MAX_PENDING_BYTES, v), c -> c.text(SYNC_FLUSH_MAX_PENDING_BYTES));

    private final Map<String, Object> values;
    /** Each key's value as it was given (or its default), for admin tools that show the settings. */
    private final Map<String, String> text;

    private MessageStoreConfig(Map<String, Object> values, Map<String, String> text) {
        this.values = values;
        this.text = text;
    }

    /** Every key the store reads. */
    public static Set<String> keys() {
        return TABLE.names();
    }

    /** The store's key table, for {@code apogee config list} and the reference page. */
    public static ConfigTable<?> table() {
        return TABLE;
    }

    /** The defaults with the given overrides, all validated together: every mistake is named in one exception. */
    public static MessageStoreConfig from(Map<String, String> overrides) {
        List<String> errors = new ArrayList<>();
        String unknown = ConfigTable.unknownKeys("store configuration", overrides.keySet(), List.of(), List.of(TABLE));
        if (unknown != null) {
            errors.add(unknown);
        }
        Parsed parsed = new Parsed();
        for (ConfigKey key : TABLE.keys()) {
            parsed.text.put(key.name(), overrides.getOrDefault(key.name(), key.defaultText()).trim());
        }
        TABLE.applyDefaults(parsed);
        TABLE.apply(parsed, overrides, errors);
        if (errors.isEmpty()) {
            crossCheck(parsed.values, errors);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid store configuration: " + String.join("; ", errors));
        }
        return new MessageStoreConfig(parsed.values, Collections.unmodifiableMap(parsed.text));
    }

    /** Every key with its value as text, in declaration order. */
    public Map<String, String> values() {
        return text;
    }

    public static MessageStoreConfig from(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return from(map);
    }

    private static void crossCheck(Map<String, Object> v, List<String> errors) {
        if ((int) v.get(MAPED_FILE_SIZE_CONSUME_QUEUE) % 20 != 0) {
            errors.add(MAPED_FILE_SIZE_CONSUME_QUEUE + " must be a multiple of 20");
        }
        if ((int) v.get(MAX_MESSAGE_SIZE) > (int) v.get(MAPPED_FILE_SIZE_COMMIT_LOG) - 8) {
            errors.add(MAX_MESSAGE_SIZE + " must be smaller than " + MAPPED_FILE_SIZE_COMMIT_LOG);
        }
        if ((int) v.get(DISK_SPACE_WARNING_LEVEL_RATIO) < (int) v.get(DISK_MAX_USED_SPACE_RATIO)) {
            errors.add(DISK_SPACE_WARNING_LEVEL_RATIO + " must not be below " + DISK_MAX_USED_SPACE_RATIO);
        }
    }

    private static Integer positiveInt(String s, int min) {
        int value;
        try {
            value = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
        return value;
    }

    private static Integer percent(String s) {
        return percent(s, 1);
    }

    private static Integer percent(String s, int min) {
        int value = positiveInt(s, min);
        if (value > 100) {
            throw new IllegalArgumentException("must be a percentage " + min + "..100");
        }
        return value;
    }

    private static boolean[] hours(String s) {
        boolean[] hours = new boolean[24];
        for (String part : s.split(";")) {
            int hour = positiveInt(part.trim(), 0);
            if (hour > 23) {
                throw new IllegalArgumentException("hour " + hour + " is not 00..23");
            }
            hours[hour] = true;
        }
        return hours;
    }

    public String storePathRootDir() {
        return (String) values.get(STORE_PATH_ROOT_DIR);
    }

    /** Where the commit log's files are: {@code storePathCommitLog}, or commitlog/ under the root. */
    public Path commitLogDir() {
        String configured = (String) values.get(STORE_PATH_COMMIT_LOG);
        return configured == null || configured.isEmpty() ? Path.of(storePathRootDir(), "commitlog")
                : Path.of(configured);
    }

    public int mappedFileSizeCommitLog() {
        return (int) values.get(MAPPED_FILE_SIZE_COMMIT_LOG);
    }

    public FlushDiskType flushDiskType() {
        return (FlushDiskType) values.get(FLUSH_DISK_TYPE);
    }

    /**
     * How new commit-log files get their blocks and pages: written with zeros a page at a time under SYNC_FLUSH;
     * under ASYNC_FLUSH sparse, or written with zeros too when {@code warmMapedFileEnable} is on (see
     * {@link FileSpace}).
     */
    public FileSpace commitLogFileSpace() {
        if (flushDiskType() == FlushDiskType.SYNC_FLUSH) {
            return FileSpace.RESERVED_SINGLE_PAGES;
        }
        return (boolean) values.get(WARM_MAPED_FILE_ENABLE) ? FileSpace.RESERVED : FileSpace.SPARSE;
    }

    public int flushIntervalCommitLog() {
        return (int) values.get(FLUSH_INTERVAL_COMMIT_LOG);
    }

    public int syncFlushTimeout() {
        return (int) values.get(SYNC_FLUSH_TIMEOUT);
    }

    public int maxMessageSize() {
        return (int) values.get(MAX_MESSAGE_SIZE);
    }

    public int fileReservedTimeHours() {
        return (int) values.get(FILE_RESERVED_TIME);
    }

    /** True when deletion of expired files may run during {@code hourOfDay}. */
    public boolean isDeleteHour(int hourOfDay) {
        return ((boolean[]) values.get(DELETE_WHEN))[hourOfDay];
    }

    public int diskMaxUsedSpaceRatio() {
        return (int) values.get(DISK_MAX_USED_SPACE_RATIO);
    }

    public int diskSpaceCleanForciblyRatio() {
        return (int) values.get(DISK_SPACE_CLEAN_FORCIBLY_RATIO);
    }

    public boolean cleanFileForciblyEnable() {
        return (boolean) values.get(CLEAN_FILE_FORCIBLY_ENABLE);
    }

    public int diskSpaceWarningLevelRatio() {
        return (int) values.get(DISK_SPACE_WARNING_LEVEL_RATIO);
    }

    public int mapedFileSizeConsumeQueue() {
        return (int) values.get(MAPED_FILE_SIZE_CONSUME_QUEUE);
    }

    public int flushIntervalConsumeQueue() {
        return (int) values.get(FLUSH_INTERVAL_CONSUME_QUEUE);
    }

    public int maxHashSlotNum() {
        return (int) values.get(MAX_HASH_SLOT_NUM);
    }

    public int maxIndexNum() {
        return (int) values.get(MAX_INDEX_NUM);
    }

    public int cleanResourceInterval() {
        return (int) values.get(CLEAN_RESOURCE_INTERVAL);
    }

    /** What one pull may return, from memory and from disk. */
    public TransferLimits transferLimits() {
        long physical = TransferLimits.physicalMemoryBytes();
        return new TransferLimits((int) values.get(MAX_TRANSFER_COUNT_IN_MEMORY),
                (int) values.get(MAX_TRANSFER_BYTES_IN_MEMORY), (int) values.get(MAX_TRANSFER_COUNT_IN_DISK),
                (int) values.get(MAX_TRANSFER_BYTES_IN_DISK),
                physical / 100 * (int) values.get(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO));
    }

    public int syncFlushMaxWaiters() {
        return (int) values.get(SYNC_FLUSH_MAX_WAITERS);
    }

    public int syncFlushMaxPendingBytes() {
        return (int) values.get(SYNC_FLUSH_MAX_PENDING_BYTES);
    }

    public boolean messageIndexEnable() {
        return (boolean) values.get(MESSAGE_INDEX_ENABLE);
    }
}
