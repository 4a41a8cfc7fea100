package io.apogee.broker.timer;

import io.apogee.broker.schedule.DueMessageDelivery;
import io.apogee.common.log.LogText;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.GetMessageResult;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Delivers timed messages at their time. They wait in the commit log, in the timer topic
 * ({@value TimerProperties#TIMER_TOPIC}) where the {@code DeliveryRouter} put them; one thread reads
 * that topic's queue into the {@link TimerIndex} (due time to commit-log offset), and when a due
 * time comes re-appends the message to its REAL_TOPIC and REAL_QID, without the properties that
 * asked for the delay. It sleeps until the next due time or until a new timed message arrives.
 *
 * <p>Deliveries are logged at most every 200 ms, so after a crash the messages delivered in the
 * last 200 ms may be delivered again (at-least-once) and none is lost; messages read into the index
 * since its last snapshot are simply read from the queue again.
 *
 * <p>Thread safety: as {@link DueMessageDelivery}; its own thread owns the index.
 */
public final class TimerDelivery extends DueMessageDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TimerDelivery.class);
    private static final int BATCH = 64;
    private static final int BATCH_BYTES = 1024 * 1024;
    private static final List<String> TRIGGER_PROPERTIES = List.of(TimerProperties.TIMER_DELIVER_MS,
            TimerProperties.TIMER_DELAY_SEC, TimerProperties.TIMER_DELAY_MS, TimerProperties.START_DELIVER_TIME);
    /** A snapshot of the index is taken at least this often while it changes, bounding the re-read after a crash. */
    private static final long SNAPSHOT_INTERVAL_MILLIS = 60_000;

    private final TimerIndex index;
    private long lastSnapshotMillis;

    /** @param indexFile where the index is kept ({@code config/timerIndex.dat}) */
    public TimerDelivery(MessageStore store, Path indexFile, LongSupplier clock) {
        super("broker-timer", TimerProperties.TIMER_TOPIC, "timed", TRIGGER_PROPERTIES, store, clock);
        this.index = new TimerIndex(indexFile);
    }

    /** Reads newly stored timed messages into the index, then delivers every due one. */
    @Override
    protected long deliverDue() {
        scan();
        return deliverDueAt(clock.getAsLong());
    }

    /** Reads timed messages stored since the last scan into the index. */
    private void scan() {
        long offset = index.scannedOffset();
        while (running()) {
            try (GetMessageResult result = store.getMessage(TimerProperties.TIMER_TOPIC, 0, offset, BATCH,
                    BATCH_BYTES, null)) {
                switch (result.status()) {
                    case FOUND -> {
                        for (ByteBuffer record : result.messages()) {
                            StoredMessage message = StoredMessageCodec.decode(record.duplicate());
                            index.add(dueOf(message), message.physicalOffset());
                        }
                    }
                    case OFFSET_TOO_SMALL, NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> {
                        if (result.nextBeginOffset() <= offset) {
                            return;
                        }
                    }
                    case OFFSET_OVERFLOW_BADLY -> {
                        LOG.warn("timer scan offset {} is past the queue end {}; continuing from the end", offset,
                                result.maxOffset());
                        index.scannedOffset(result.maxOffset());
                        return;
                    }
                    default -> {
                        return;
                    }
                }
                offset = result.nextBeginOffset();
                index.scannedOffset(offset);
            }
        }
    }

    private long dueOf(StoredMessage message) {
        String due = message.property(TimerProperties.TIMER_OUT_MS);
        try {
            return due == null ? message.storeTimestamp() : Long.parseLong(due);
        } catch (NumberFormatException e) {
            LOG.warn("timed message at commit-log offset {} has a bad {} '{}'; delivering it now",
                    message.physicalOffset(), TimerProperties.TIMER_OUT_MS, LogText.escape(due));
            return message.storeTimestamp();
        }
    }

    /** Delivers every due message; returns the next due time. */
    private long deliverDueAt(long now) {
        for (Map.Entry<Long, List<Long>> bucket; running() && (bucket = index.firstDue(now)) != null; ) {
            long due = bucket.getKey();
            for (long offset : new ArrayList<>(bucket.getValue())) {
                if (!deliver(offset)) {
                    return now + RETRY_MILLIS;
                }
                index.remove(due, offset);
            }
        }
        return index.nextDue();
    }

    /** Appends the message at {@code commitLogOffset} to its real topic; false when the store refused it. */
    private boolean deliver(long commitLogOffset) {
        ByteBuffer stored = store.getMessageByOffset(commitLogOffset);
        if (stored == null) {
            LOG.warn("timed message at commit-log offset {} is no longer stored; dropped", commitLogOffset);
            return true;
        }
        return appendToRealTopic(StoredMessageCodec.decode(stored.duplicate()));
    }

    /** How many timed messages wait, for tests and metrics. */
    public int waiting() {
        return index.size();
    }

    @Override
    protected boolean dirty() {
        return index.dirty();
    }

    /** Writes the index's log, and a snapshot at shutdown or when the last one is old and outdated. */
    @Override
    protected void persist(long now, boolean atShutdown) {
        boolean snapshot = atShutdown
                || (now - lastSnapshotMillis >= SNAPSHOT_INTERVAL_MILLIS && index.changedSinceSnapshot());
        if (snapshot) {
            lastSnapshotMillis = now;
        }
        index.persist(snapshot);
    }
}
