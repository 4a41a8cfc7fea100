package io.apogee.broker.admin;

import io.apogee.broker.ha.HaFeature;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.common.version.BuildVersion;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStore;

import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The GET_BROKER_RUNTIME_INFO table: version, traffic totals and rates, store offsets and disk use, and the
 * request queues, under the names RocketMQ's tools read ({@code mqadmin clusterList}, {@code brokerStatus}),
 * plus the flush and replication state the web console shows (RocketMQ's own names where it has them:
 * {@code brokerRole}, {@code flushDiskType}; Apogee's for the rest).
 * A figure Apogee does not measure (how long the head of a busy queue has waited, how long an append held
 * the page cache) reads "N", as RocketMQ's tools print for a figure a broker does not report.
 *
 * <p>Thread safety: reads thread-safe sources; called on the admin thread.
 */
final class RuntimeInfo {

    private static final String NOT_MEASURED = "N";
    /** This build's version, as {@code clusterList} shows it: {@code apogee-0.1.0}. */
    static final String BUILD_VERSION = "apogee-" + BuildVersion.current();

    private final BrokerStats stats;
    private final MessageStore store;
    private final File storeRoot;
    private final ThreadPoolExecutor sendExecutor;
    private final ThreadPoolExecutor pullExecutor;
    private final LongSupplier clock;
    private final long bootMillis;
    private final String flushDiskType;
    private final HaFeature ha;
    private final Supplier<String> masterHaAddress;

    RuntimeInfo(BrokerStats stats, MessageStore store, File storeRoot, ThreadPoolExecutor sendExecutor,
                ThreadPoolExecutor pullExecutor, LongSupplier clock, String flushDiskType, HaFeature ha,
                Supplier<String> masterHaAddress) {
        this.flushDiskType = flushDiskType;
        this.ha = ha;
        this.masterHaAddress = masterHaAddress;
        this.stats = stats;
        this.store = store;
        this.storeRoot = storeRoot;
        this.sendExecutor = sendExecutor;
        this.pullExecutor = pullExecutor;
        this.clock = clock;
        this.bootMillis = clock.getAsLong();
    }

    Map<String, String> table() {
        Map<String, String> table = new HashMap<>();
        table.put("brokerVersionDesc", BUILD_VERSION);
        // The protocol version Apogee speaks, which tools compare with theirs: a number, as RocketMQ sends it.
        table.put("brokerVersion", Integer.toString(RemotingCommand.CURRENT_VERSION));
        table.put("brokerActive", "true");
        BrokerStats.DailyTotals daily = stats.daily();
        table.put("msgPutTotalYesterdayMorning", Long.toString(daily.putYesterdayMorning()));
        table.put("msgPutTotalTodayMorning", Long.toString(daily.putTodayMorning()));
        table.put("msgPutTotalTodayNow", Long.toString(stats.putTotal()));
        table.put("msgGetTotalYesterdayMorning", Long.toString(daily.getYesterdayMorning()));
        table.put("msgGetTotalTodayMorning", Long.toString(daily.getTodayMorning()));
        table.put("msgGetTotalTodayNow", Long.toString(stats.getTotal()));
        table.put("putTps", rates(stats.putTps()));
        table.put("getTransferredTps", rates(stats.getTps()));
        long now = clock.getAsLong();
        table.put("bootTimestamp", Long.toString(bootMillis));
        table.put("runtime", uptime(now - bootMillis));
        table.put("commitLogMinOffset", Long.toString(store.commitLogMinOffset()));
        table.put("commitLogMaxOffset", Long.toString(store.commitLogMaxOffset()));
        table.put("earliestMessageTimeStamp", Long.toString(Math.max(0, store.earliestMessageTime())));
        table.put("startAcceptSendRequestTimeStamp", "0");
        table.put("pageCacheLockTimeMills", NOT_MEASURED);
        long total = storeRoot.getTotalSpace();
        long free = storeRoot.getUsableSpace();
        table.put("commitLogDiskRatio", total == 0 ? "0.0" : Double.toString((double) (total - free) / total));
        table.put("commitLogDirCapacity", String.format(Locale.ROOT, "Total : %s, Free : %s.", bytes(total), bytes(free)));
        table.put("commitLogDirTotalBytes", Long.toString(total));
        table.put("commitLogDirFreeBytes", Long.toString(free));
        flush(table);
        replication(table);
        queue(table, "send", sendExecutor);
        queue(table, "pull", pullExecutor);
        // Apogee's timed messages have no timing wheel to lag behind: RocketMQ reports these zeros without one.
        table.put("timerReadBehind", "0");
        table.put("timerOffsetBehind", "0");
        table.put("timerCongestNum", "0");
        table.put("timerEnqueueTps", "0.0");
        table.put("timerDequeueTps", "0.0");
        return table;
    }

    /** How far the commit log is written and forced to disk, and by which mode. */
    private void flush(Map<String, String> table) {
        table.put("flushDiskType", flushDiskType);
        if (store instanceof MappedMessageStore mapped) {
            long flushed = mapped.flusher().flushedOffset();
            table.put("commitLogFlushedOffset", Long.toString(flushed));
            table.put("commitLogWrittenOffset", Long.toString(flushed + mapped.unforcedBytes()));
        }
    }

    /**
     * The broker's part in its group: a master lists each connected slave's acknowledged offset (comma
     * separated, -1 until it reports); a slave names the master it replicates from. A slave's lag is the
     * master's commitLogMaxOffset minus its own, which a reader of both brokers' tables computes.
     */
    private void replication(Map<String, String> table) {
        if (ha == null) {
            return;
        }
        table.put("brokerRole", ha.role().name());
        table.put("haEpoch", Integer.toString(ha.epoch()));
        if (ha.role().isMaster()) {
            long[] acked = ha.slaveAckedOffsets();
            table.put("haConnectedSlaves", Integer.toString(acked.length));
            table.put("haSlaveAckOffsets", Arrays.stream(acked).mapToObj(Long::toString)
                    .collect(Collectors.joining(",")));
            table.put("haInSyncOffset", Long.toString(ha.inSyncOffset()));
        } else {
            String master = masterHaAddress.get();
            table.put("haMasterAddress", master == null ? "" : master);
        }
    }

    private static void queue(Map<String, String> table, String name, ThreadPoolExecutor executor) {
        int waiting = executor.getQueue().size();
        table.put(name + "ThreadPoolQueueSize", Integer.toString(waiting));
        table.put(name + "ThreadPoolQueueCapacity", Integer.toString(waiting + executor.getQueue().remainingCapacity()));
        table.put(name + "ThreadPoolQueueHeadWaitTimeMills", waiting == 0 ? "0" : NOT_MEASURED);
    }

    private static String rates(double[] tps) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", tps[0], tps[1], tps[2]);
    }

    private static String uptime(long millis) {
        Duration d = Duration.ofMillis(millis);
        return String.format(Locale.ROOT, "[ %d days, %d hours, %d minutes, %d seconds ]", d.toDays(), d.toHoursPart(),
                d.toMinutesPart(), d.toSecondsPart());
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format(Locale.ROOT, "%.1f %siB", bytes / (double) (1L << (unit * 10)), "KMGTPE".charAt(unit - 1));
    }
}
