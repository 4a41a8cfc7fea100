package io.apogee.store.retention;

import io.apogee.common.agent.Agent;
import io.apogee.common.agent.AgentRunner;
import io.apogee.common.agent.ParkingIdleStrategy;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.store.DiskUsageSource;
import io.apogee.store.MessageStoreConfig;
import io.apogee.store.file.MappedFile;
import io.apogee.store.file.MappedFileQueue;
import io.apogee.store.index.IndexService;
import io.apogee.store.queue.ConsumeQueue;
import io.apogee.store.queue.ConsumeQueueTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watches disk use and deletes old data. Every {@code cleanResourceInterval} ms it reads the disk use:
 * at or above {@code diskSpaceWarningLevelRatio} the store refuses appends ({@link #diskFull()}) until use
 * drops again. Files last written more than {@code fileReservedTime} hours ago (expired) are deleted during a
 * {@code deleteWhen} hour, or at once, whatever the hour, while use is at or above
 * {@code diskMaxUsedSpaceRatio} (up to 10 per run, rechecking use after each).
 *
 * <p>A file still within its reserved time is deleted only when {@code cleanFileForciblyEnable} is set and use
 * is at or above {@code diskSpaceCleanForciblyRatio}, as RocketMQ does by default. Apogee's default leaves it
 * off: such a file may hold acknowledged messages no consumer has read, and the retention time is what the
 * broker promised to keep them for, so a filling disk ends in refused writes (DISK_FULL), which a producer
 * sees and retries, rather than in silently lost messages. An operator frees space or lowers
 * {@code fileReservedTime}.
 *
 * <p>The current file and files not yet dispatched are never deleted. Consume queues and index are trimmed
 * with the commit log and their min offsets move.
 *
 * <p>Thread safety: {@link #doWork()} on the retention thread, run by an {@link AgentRunner};
 * {@link #runOnce} may also be called by tests (it is synchronized); {@link #diskFull()} from any thread.
 */
public final class RetentionService implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private static final int MAX_FILES_PER_RUN = 10;
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final MessageStoreConfig config;
    private final DiskUsageSource usage;
    private final RateLimitedLog keptUnderPressure = new RateLimitedLog(LOG, 60_000);
    private final File root;
    private final MappedFileQueue commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final LongSupplier dispatchedOffset;
    private final long intervalNanos;
    private volatile boolean diskFull;
    private long nextRunNanos;
    private final AgentRunner runner = new AgentRunner(this, new ParkingIdleStrategy(this::idleNanos));

    public RetentionService(MessageStoreConfig config, DiskUsageSource usage, File root, MappedFileQueue commitLog,
                            ConsumeQueueTable queues, IndexService index, LongSupplier dispatchedOffset) {
        this.config = config;
        this.usage = usage;
        this.root = root;
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.dispatchedOffset = dispatchedOffset;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.cleanResourceInterval());
    }

    public boolean diskFull() {
        return diskFull;
    }

    /** Starts the retention thread; its first run is one interval from now. */
    public Thread start() {
        nextRunNanos = System.nanoTime() + intervalNanos;
        return runner.start();
    }

    @Override
    public String roleName() {
        return "apogee-store-retention";
    }

    /** One run when its interval is over; a failed run is retried on the next interval. */
    @Override
    public int doWork() {
        long now = System.nanoTime();
        if (now - nextRunNanos < 0) {
            return 0;
        }
        nextRunNanos = now + intervalNanos;
        runOnce(System.currentTimeMillis());
        return 1;
    }

    private long idleNanos() {
        return nextRunNanos - System.nanoTime();
    }

    /** One check and clean-up at wall-clock time {@code now}. */
    public synchronized void runOnce(long now) {
        double percent = usage.usedRatio(root) * 100;
        boolean full = percent >= config.diskSpaceWarningLevelRatio();
        if (full != diskFull) {
            diskFull = full;
            if (full) {
                LOG.error("disk {}% used, at or above {}%: appends are refused", (int) percent,
                        config.diskSpaceWarningLevelRatio());
            } else {
                LOG.info("disk {}% used: appends accepted again", (int) percent);
            }
        }
        boolean pressure = percent >= config.diskMaxUsedSpaceRatio();
        boolean forcibly = config.cleanFileForciblyEnable() && percent >= config.diskSpaceCleanForciblyRatio();
        int hour = Instant.ofEpochMilli(now).atZone(ZoneId.systemDefault()).getHour();
        if (!pressure && !config.isDeleteHour(hour)) {
            return;
        }
        long reservedMillis = TimeUnit.HOURS.toMillis(config.fileReservedTimeHours());
        int deleted = 0;
        while (deleted < MAX_FILES_PER_RUN && commitLog.files().size() > 1) {
            MappedFile first = commitLog.first();
            boolean expired = first.lastModified() + reservedMillis < now;
            boolean dispatched = first.fileFromOffset() + first.fileSize() <= dispatchedOffset.getAsLong();
            if (!dispatched || !(expired || forcibly)) {
                if (pressure && dispatched && !expired) {
                    keptUnderPressure.warn("disk {}% used, at or above {}%, but the oldest commit-log file {} is "
                            + "within fileReservedTime ({} h) and is kept (cleanFileForciblyEnable=false); appends "
                            + "are refused at {}%", (int) percent, config.diskMaxUsedSpaceRatio(), first.file().getName(),
                            config.fileReservedTimeHours(), config.diskSpaceWarningLevelRatio());
                }
                break;
            }
            commitLog.deleteFirst();
            deleted++;
            LOG.info("deleted commit-log file {} ({})", first.file().getName(),
                    expired ? "expired" : "disk pressure, before its reserved time");
            if (pressure) {
                percent = usage.usedRatio(root) * 100;
                pressure = percent >= config.diskMaxUsedSpaceRatio();
                forcibly = forcibly && percent >= config.diskSpaceCleanForciblyRatio();
            }
        }
        if (deleted > 0) {
            trimDerived(commitLog.minOffset());
        }
    }

    /** Runs {@code action} while no retention run is in progress, and none starts until it returns. */
    public synchronized <T> T exclusively(Supplier<T> action) {
        return action.get();
    }

    private void trimDerived(long commitLogMin) {
        for (ConsumeQueue queue : queues.all()) {
            queue.deleteBelow(commitLogMin);
        }
        if (index != null) {
            index.deleteBelow(commitLogMin);
        }
    }

    /** Stops the retention thread; false when a run in progress did not end within 5 s (it is left alone). */
    public boolean shutdown() {
        return runner.close(CLOSE_TIMEOUT_MILLIS);
    }
}
