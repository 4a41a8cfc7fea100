package io.apogee.broker.timer;

import io.apogee.broker.schedule.DeliveryThread;
import io.apogee.broker.schedule.StoredCopy;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.DispatchListener;
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
 * <p>Thread safety: its own thread owns the index and the append request; the store's dispatcher
 * only wakes it; {@link #start()} and {@link #shutdown()} come from the broker.
 */
public final class TimerDelivery implements DispatchListener {

    private static final Logger LOG = LoggerFactory.getLogger(TimerDelivery.class);
    private static final int BATCH = 64;
    private static final int BATCH_BYTES = 1024 * 1024;
    private static final long MAX_IDLE_MILLIS = 500;
    private static final long RETRY_MILLIS = 1_000;
    private static final List<String> TRIGGER_PROPERTIES = List.of(TimerProperties.TIMER_DELIVER_MS,
            TimerProperties.TIMER_DELAY_SEC, TimerProperties.TIMER_DELAY_MS, TimerProperties.START_DELIVER_TIME);

    private final MessageStore store;
    private final TimerIndex index;
    private final LongSupplier clock;
    private final AppendRequest append = new AppendRequest();
    /** Progress is written at most this often while running (and always at shutdown). */
    private static final long PERSIST_INTERVAL_MILLIS = 200;

    /** A snapshot of the index is taken at least this often while it changes, bounding the re-read after a crash. */
    private static final long SNAPSHOT_INTERVAL_MILLIS = 60_000;

    private long lastPersistMillis;
    private long lastSnapshotMillis;
    private final DeliveryThread worker = new DeliveryThread("broker-timer", this::run);

    /** @param indexFile where the index is kept ({@code config/timerIndex.dat}) */
    public TimerDelivery(MessageStore store, Path indexFile, LongSupplier clock) {
        this.store = store;
        this.index = new TimerIndex(indexFile);
        this.clock = clock;
    }

    /** Starts the delivery thread. */
    public void start() {
        store.addDispatchListener(this);
        worker.start();
    }

    /** Stops the thread and persists the index as a snapshot. */
    public void shutdown() {
        worker.stop();
        persist(true);
    }

    @Override
    public void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp) {
        if (TimerProperties.TIMER_TOPIC.equals(topic)) {
            worker.wake();
        }
    }

    private void run() {
        while (worker.running()) {
            long nextDue;
            try {
                scan();
                nextDue = deliverDue(clock.getAsLong());
            } catch (RuntimeException e) {
                LOG.error("delivering timed messages failed; retrying", e);
                nextDue = clock.getAsLong() + RETRY_MILLIS;
            }
            persistIfDue();
            long wait = Math.min(nextDue - clock.getAsLong(), MAX_IDLE_MILLIS);
            if (index.dirty()) {
                wait = Math.min(wait, PERSIST_INTERVAL_MILLIS);
            }
            worker.sleep(wait);
        }
    }

    /** Reads timed messages stored since the last scan into the index. */
    private void scan() {
        long offset = index.scannedOffset();
        while (worker.running()) {
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
                    message.physicalOffset(), TimerProperties.TIMER_OUT_MS, due);
            return message.storeTimestamp();
        }
    }

    /** Delivers every due message; returns the next due time. */
    private long deliverDue(long now) {
        for (Map.Entry<Long, List<Long>> bucket; worker.running() && (bucket = index.firstDue(now)) != null; ) {
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
        StoredMessage message = StoredMessageCodec.decode(stored.duplicate());
        Map<String, String> properties = message.propertyMap();
        String realTopic = properties.get(MessageConst.PROPERTY_REAL_TOPIC);
        int queueId;
        try {
            queueId = Integer.parseInt(properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID));
        } catch (NumberFormatException e) {
            queueId = -1;
        }
        if (realTopic == null || queueId < 0) {
            LOG.warn("timed message at commit-log offset {} has no real topic or queue; dropped", commitLogOffset);
            return true;
        }
        TRIGGER_PROPERTIES.forEach(properties::remove);
        AppendStatus status = store.append(StoredCopy.fill(append, message, realTopic, queueId, properties,
                message.reconsumeTimes()));
        switch (status) {
            case PUT_OK, FLUSH_DISK_TIMEOUT -> {
                return true;
            }
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> {
                LOG.error("dropping a due timed message for {} the store can never take: {}", realTopic, status);
                return true;
            }
            default -> {
                LOG.warn("the store refused a due timed message for {}: {}; retrying", realTopic, status);
                return false;
            }
        }
    }

    /** How many timed messages wait, for tests and metrics. */
    public int waiting() {
        return index.size();
    }

    private void persistIfDue() {
        long now = clock.getAsLong();
        if (now - lastPersistMillis >= PERSIST_INTERVAL_MILLIS) {
            lastPersistMillis = now;
            boolean snapshot = now - lastSnapshotMillis >= SNAPSHOT_INTERVAL_MILLIS && index.changedSinceSnapshot();
            if (snapshot) {
                lastSnapshotMillis = now;
            }
            persist(snapshot);
        }
    }

    private void persist(boolean snapshot) {
        try {
            index.persist(snapshot);
        } catch (RuntimeException e) {
            LOG.error("cannot persist the timer index; retried on the next pass", e);
        }
    }
}
