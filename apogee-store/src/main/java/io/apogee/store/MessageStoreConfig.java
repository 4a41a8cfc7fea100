package io.apogee.store;

import io.apogee.common.config.UnknownKeys;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The store's configuration. Every key is a named constant carrying RocketMQ's name where the meaning is
 * the same, with its default and a doc line in {@link #KEYS}. {@link #from(Map)} validates all given values
 * at once: an unknown key, an unparsable value or a value out of range fails with a message naming the key,
 * before any file is opened or thread started.
 *
 * <p>Thread safety: immutable.
 */
public final class MessageStoreConfig {

    /** Root directory of commitlog/, consumequeue/, index/, checkpoint and markers. */
    public static final String STORE_PATH_ROOT_DIR = "storePathRootDir";
    /** Bytes per commit-log file. */
    public static final String MAPPED_FILE_SIZE_COMMIT_LOG = "mappedFileSizeCommitLog";
    /** ASYNC_FLUSH or SYNC_FLUSH. */
    public static final String FLUSH_DISK_TYPE = "flushDiskType";
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

    private record Key(String doc, String defaultValue, Function<String, Object> parser) {
    }

    /** Every key with its doc line, default and parser. */
    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put(STORE_PATH_ROOT_DIR, new Key("root directory of the store", "store", s -> s));
        KEYS.put(MAPPED_FILE_SIZE_COMMIT_LOG, new Key("bytes per commit-log file", "134217728",
                s -> positiveInt(s, 4096)));
        KEYS.put(FLUSH_DISK_TYPE, new Key("ASYNC_FLUSH or SYNC_FLUSH", "ASYNC_FLUSH", FlushDiskType::valueOf));
        KEYS.put(FLUSH_INTERVAL_COMMIT_LOG, new Key("ms between async forces", "500", s -> positiveInt(s, 1)));
        KEYS.put(SYNC_FLUSH_TIMEOUT, new Key("ms a sync append waits for its force", "5000", s -> positiveInt(s, 1)));
        KEYS.put(MAX_MESSAGE_SIZE, new Key("largest record in bytes", "4194304", s -> positiveInt(s, 256)));
        KEYS.put(FILE_RESERVED_TIME, new Key("hours a commit-log file is kept", "72", s -> positiveInt(s, 0)));
        KEYS.put(DELETE_WHEN, new Key("hours of day for deletion, e.g. 04 or 04;16", "04",
                MessageStoreConfig::hours));
        KEYS.put(DISK_MAX_USED_SPACE_RATIO, new Key("disk use % that deletes expired files at any hour", "75",
                s -> percent(s)));
        KEYS.put(DISK_SPACE_CLEAN_FORCIBLY_RATIO, new Key("disk use % that deletes unexpired files, if enabled",
                "85", s -> percent(s)));
        KEYS.put(CLEAN_FILE_FORCIBLY_ENABLE, new Key("let disk pressure delete unexpired files", "false",
                MessageStoreConfig::bool));
        KEYS.put(DISK_SPACE_WARNING_LEVEL_RATIO, new Key("disk use % that refuses appends", "90",
                s -> percent(s)));
        KEYS.put(MAPED_FILE_SIZE_CONSUME_QUEUE, new Key("bytes per consume-queue file", "6000000",
                s -> positiveInt(s, 20)));
        KEYS.put(FLUSH_INTERVAL_CONSUME_QUEUE, new Key("ms between consume-queue forces", "1000",
                s -> positiveInt(s, 1)));
        KEYS.put(MAX_HASH_SLOT_NUM, new Key("hash slots per index file", "500000", s -> positiveInt(s, 1)));
        KEYS.put(MAX_INDEX_NUM, new Key("entries per index file", "2000000", s -> positiveInt(s, 1)));
        KEYS.put(CLEAN_RESOURCE_INTERVAL, new Key("ms between disk checks", "10000", s -> positiveInt(s, 1)));
        KEYS.put(MESSAGE_INDEX_ENABLE, new Key("build the key index", "true", MessageStoreConfig::bool));
        KEYS.put(MAX_TRANSFER_COUNT_IN_MEMORY, new Key("most messages one pull returns from memory", "32",
                s -> positiveInt(s, 1)));
        KEYS.put(MAX_TRANSFER_BYTES_IN_MEMORY, new Key("most bytes one pull returns from memory", "262144",
                s -> positiveInt(s, 1)));
        KEYS.put(MAX_TRANSFER_COUNT_IN_DISK, new Key("most messages one pull returns from disk", "8",
                s -> positiveInt(s, 1)));
        KEYS.put(MAX_TRANSFER_BYTES_IN_DISK, new Key("most bytes one pull returns from disk", "65536",
                s -> positiveInt(s, 1)));
        KEYS.put(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, new Key(
                "% of physical memory behind the log's end that counts as in memory for a pull", "40", s -> percent(s, 0)));
        KEYS.put(SYNC_FLUSH_MAX_WAITERS, new Key("SYNC_FLUSH sends waiting for a force before SYSTEM_BUSY", "10000",
                s -> positiveInt(s, 1)));
        KEYS.put(SYNC_FLUSH_MAX_PENDING_BYTES, new Key("unforced bytes SYNC_FLUSH sends wait on before SYSTEM_BUSY",
                "268435456", s -> positiveInt(s, 1)));
    }

    private final Map<String, Object> values;
    /** Each key's value as it was given (or its default), for admin tools that show the settings. */
    private final Map<String, String> text;

    private MessageStoreConfig(Map<String, Object> values, Map<String, String> text) {
        this.values = values;
        this.text = text;
    }

    /** Every key the store reads. */
    public static Set<String> keys() {
        return Collections.unmodifiableSet(KEYS.keySet());
    }

    /** The defaults with the given overrides, all validated together. */
    public static MessageStoreConfig from(Map<String, String> overrides) {
        TreeSet<String> unknown = new TreeSet<>(overrides.keySet());
        unknown.removeAll(KEYS.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(UnknownKeys.describe("store configuration", unknown, KEYS.keySet()));
        }
        Map<String, Object> parsed = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        StringBuilder errors = new StringBuilder();
        for (Map.Entry<String, Key> entry : KEYS.entrySet()) {
            String raw = overrides.getOrDefault(entry.getKey(), entry.getValue().defaultValue()).trim();
            text.put(entry.getKey(), raw);
            try {
                parsed.put(entry.getKey(), entry.getValue().parser().apply(raw));
            } catch (RuntimeException e) {
                errors.append(errors.length() == 0 ? "" : "; ").append(entry.getKey()).append('=').append(raw)
                        .append(": ").append(e.getMessage()).append(" (").append(entry.getValue().doc()).append(')');
            }
        }
        if (errors.length() == 0) {
            crossCheck(parsed, errors);
        }
        if (errors.length() > 0) {
            throw new IllegalArgumentException("invalid store configuration: " + errors);
        }
        return new MessageStoreConfig(parsed, Collections.unmodifiableMap(text));
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

    private static void crossCheck(Map<String, Object> v, StringBuilder errors) {
        if ((int) v.get(MAPED_FILE_SIZE_CONSUME_QUEUE) % 20 != 0) {
            errors.append(MAPED_FILE_SIZE_CONSUME_QUEUE).append(" must be a multiple of 20");
        } else if ((int) v.get(MAX_MESSAGE_SIZE) > (int) v.get(MAPPED_FILE_SIZE_COMMIT_LOG) - 8) {
            errors.append(MAX_MESSAGE_SIZE).append(" must be smaller than ").append(MAPPED_FILE_SIZE_COMMIT_LOG);
        } else if ((int) v.get(DISK_SPACE_WARNING_LEVEL_RATIO) < (int) v.get(DISK_MAX_USED_SPACE_RATIO)) {
            errors.append(DISK_SPACE_WARNING_LEVEL_RATIO).append(" must not be below ").append(DISK_MAX_USED_SPACE_RATIO);
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

    private static Boolean bool(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.valueOf(s);
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

    public int mappedFileSizeCommitLog() {
        return (int) values.get(MAPPED_FILE_SIZE_COMMIT_LOG);
    }

    public FlushDiskType flushDiskType() {
        return (FlushDiskType) values.get(FLUSH_DISK_TYPE);
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
