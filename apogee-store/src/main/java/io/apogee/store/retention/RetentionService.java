package io.apogee.store.retention;

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
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Watches disk use and deletes old data. Every {@code cleanResourceInterval} ms it reads the disk use:
 * at or above {@code diskSpaceWarningLevelRatio} the store refuses appends ({@link #diskFull()}) until use
 * drops again; at or above {@code diskMaxUsedSpaceRatio} it deletes the oldest commit-log files at once (up
 * to 10 per run, rechecking use after each); otherwise, during a {@code deleteWhen} hour, it deletes files
 * last written more than {@code fileReservedTime} hours ago. The current file and files not yet dispatched
 * are never deleted. Consume queues and index are trimmed with the commit log and their min offsets move.
 *
 * <p>Thread safety: {@link #run()} on the retention thread; {@link #runOnce} may also be called by tests;
 * {@link #diskFull()} from any thread.
 */
public final class RetentionService implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private static final int MAX_FILES_PER_RUN = 10;

    private final MessageStoreConfig config;
    private final DiskUsageSource usage;
    private final File root;
    private final MappedFileQueue commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final LongSupplier dispatchedOffset;
    private volatile boolean diskFull;
    private volatile boolean running = true;
    private volatile Thread thread;

    public RetentionService(MessageStoreConfig config, DiskUsageSource usage, File root, MappedFileQueue commitLog,
                            ConsumeQueueTable queues, IndexService index, LongSupplier dispatchedOffset) {
        this.config = config;
        this.usage = usage;
        this.root = root;
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.dispatchedOffset = dispatchedOffset;
    }

    public boolean diskFull() {
        return diskFull;
    }

    public Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    @Override
    public void run() {
        while (running) {
            try {
                runOnce(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("retention run failed", e);
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(config.cleanResourceInterval()));
        }
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
            if (!dispatched || !(pressure || expired)) {
                break;
            }
            commitLog.deleteFirst();
            deleted++;
            LOG.info("deleted commit-log file {} ({})", first.file().getName(), pressure ? "disk pressure" : "expired");
            if (pressure) {
                pressure = usage.usedRatio(root) * 100 >= config.diskMaxUsedSpaceRatio();
            }
        }
        if (deleted > 0) {
            trimDerived(commitLog.minOffset());
        }
    }

    private void trimDerived(long commitLogMin) {
        for (ConsumeQueue queue : queues.all()) {
            queue.deleteBelow(commitLogMin);
        }
        if (index != null) {
            index.deleteBelow(commitLogMin);
        }
    }

    public void shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
