package io.apogee.broker.schedule;

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
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Delivers delayed messages when they are due: one thread walks each level's queue of
 * {@value DeliveryRouter#SCHEDULE_TOPIC} in order (a level's messages are due in store order, as they
 * share one delay), appends every due message to its REAL_TOPIC and REAL_QID without its DELAY
 * property, and sleeps until the next message is due or a new delayed message arrives.
 *
 * <p>Progress per level is persisted to {@code delayOffset.json} at most every 200 ms while it
 * changes, so after a crash at most the messages of the last 200 ms are delivered again
 * (at-least-once), and none is lost.
 *
 * <p>Thread safety: its own thread owns the progress and the append request; the store's dispatcher
 * only wakes it ({@link #onDispatched}); {@link #start()} and {@link #shutdown()} come from the broker.
 */
public final class ScheduleDelivery implements DispatchListener {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleDelivery.class);
    private static final int BATCH = 32;
    private static final int BATCH_BYTES = 1024 * 1024;
    /** Longest sleep, so that a missed wake-up costs at most this much. */
    private static final long MAX_IDLE_MILLIS = 500;
    /** Wait before retrying a message the store refused (disk full, ...). */
    private static final long RETRY_MILLIS = 1_000;

    private final MessageStore store;
    private final DelayLevels levels;
    private final DelayOffsetTable progress;
    private final LongSupplier clock;
    private final AppendRequest append = new AppendRequest();
    /** Progress is written at most this often while running (and always at shutdown). */
    private static final long PERSIST_INTERVAL_MILLIS = 200;

    private long lastPersistMillis;
    private final DeliveryThread worker = new DeliveryThread("broker-schedule", this::run);

    /** @param progressFile where delivery progress is kept ({@code config/delayOffset.json}) */
    public ScheduleDelivery(MessageStore store, DelayLevels levels, Path progressFile, LongSupplier clock) {
        this.store = store;
        this.levels = levels;
        this.progress = new DelayOffsetTable(progressFile);
        this.clock = clock;
    }

    /** Starts the delivery thread. */
    public void start() {
        store.addDispatchListener(this);
        worker.start();
    }

    /** Stops the thread and persists the progress. */
    public void shutdown() {
        worker.stop();
        persist();
    }

    @Override
    public void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp) {
        if (DeliveryRouter.SCHEDULE_TOPIC.equals(topic)) {
            worker.wake();
        }
    }

    private void run() {
        while (worker.running()) {
            long nextDue;
            try {
                nextDue = deliverDue();
            } catch (RuntimeException e) {
                LOG.error("delivering delayed messages failed; retrying", e);
                nextDue = clock.getAsLong() + RETRY_MILLIS;
            }
            long wait = Math.min(nextDue - clock.getAsLong(), MAX_IDLE_MILLIS);
            if (progress.dirty()) {
                wait = Math.min(wait, PERSIST_INTERVAL_MILLIS);
            }
            worker.sleep(wait);
        }
    }

    /** One pass over every level; returns when the next undelivered message is due. */
    long deliverDue() {
        long now = clock.getAsLong();
        long nextDue = Long.MAX_VALUE;
        for (int level = 1; level <= levels.count() && worker.running(); level++) {
            nextDue = Math.min(nextDue, deliverLevel(level, now));
        }
        persistIfDue();
        return nextDue;
    }

    private long deliverLevel(int level, long now) {
        int queueId = level - 1;
        long delay = levels.delayMillis(level);
        long offset = progress.get(level);
        while (worker.running()) {
            try (GetMessageResult result = store.getMessage(DeliveryRouter.SCHEDULE_TOPIC, queueId, offset, BATCH,
                    BATCH_BYTES, null)) {
                switch (result.status()) {
                    case FOUND -> {
                        for (ByteBuffer record : result.messages()) {
                            StoredMessage message = StoredMessageCodec.decode(record.duplicate());
                            long due = message.storeTimestamp() + delay;
                            if (due > now) {
                                progress.set(level, message.queueOffset());
                                return due;
                            }
                            if (!deliver(message)) {
                                progress.set(level, message.queueOffset());
                                return now + RETRY_MILLIS;
                            }
                        }
                        offset = result.nextBeginOffset();
                        progress.set(level, offset);
                    }
                    case OFFSET_TOO_SMALL, NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> {
                        if (result.nextBeginOffset() <= offset) {
                            return now + RETRY_MILLIS;
                        }
                        offset = result.nextBeginOffset();
                        progress.set(level, offset);
                    }
                    case OFFSET_OVERFLOW_BADLY -> {
                        LOG.warn("delay level {} progress {} is past the queue end {}; continuing from the end",
                                level, offset, result.maxOffset());
                        progress.set(level, result.maxOffset());
                        return Long.MAX_VALUE;
                    }
                    default -> {
                        return Long.MAX_VALUE;
                    }
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** Appends a due message to its real topic; false when the store refused it. */
    private boolean deliver(StoredMessage message) {
        Map<String, String> properties = message.propertyMap();
        String realTopic = properties.get(MessageConst.PROPERTY_REAL_TOPIC);
        String realQueue = properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
        if (realTopic == null || realQueue == null) {
            LOG.warn("dropping a delayed message without its real topic at commit-log offset {}",
                    message.physicalOffset());
            return true;
        }
        properties.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        int queueId;
        try {
            queueId = Integer.parseInt(realQueue);
        } catch (NumberFormatException e) {
            LOG.warn("dropping a delayed message with a bad real queue '{}' at commit-log offset {}", realQueue,
                    message.physicalOffset());
            return true;
        }
        AppendStatus status = store.append(StoredCopy.fill(append, message, realTopic, queueId, properties,
                message.reconsumeTimes()));
        if (status == AppendStatus.PUT_OK || status == AppendStatus.FLUSH_DISK_TIMEOUT) {
            return true;
        }
        if (status == AppendStatus.MESSAGE_ILLEGAL || status == AppendStatus.PROPERTIES_SIZE_EXCEEDED) {
            LOG.error("dropping a due delayed message for {} the store can never take: {}", realTopic, status);
            return true;
        }
        LOG.warn("the store refused a due delayed message for {}: {}; retrying", realTopic, status);
        return false;
    }

    private void persistIfDue() {
        long now = clock.getAsLong();
        if (now - lastPersistMillis >= PERSIST_INTERVAL_MILLIS) {
            lastPersistMillis = now;
            persist();
        }
    }

    private void persist() {
        try {
            progress.persist();
        } catch (RuntimeException e) {
            LOG.error("cannot persist delayed-delivery progress; retried on the next pass", e);
        }
    }
}
