package io.apogee.broker.schedule;

import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.GetMessageResult;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Delivers delayed messages when they are due: one thread walks each level's queue of
 * {@value DeliveryRouter#SCHEDULE_TOPIC} in order (a level's messages are due in store order, as they
 * share one delay), appends every due message to its REAL_TOPIC and REAL_QID, and sleeps until the next message is due or a new delayed message arrives.
 *
 * <p>Progress per level is persisted to {@code delayOffset.json} at most every 200 ms while it
 * changes, so after a crash at most the messages of the last 200 ms are delivered again
 * (at-least-once), and none is lost.
 *
 * <p>The delivered message keeps its DELAY property, as RocketMQ 5.3.3's does, so a consumer's
 * {@code getDelayTimeLevel()} returns the level it was sent with; nothing routes it again, because
 * delivery appends to the store directly and a consumer's send-back drops the property first.
 *
 * <p>Thread safety: as {@link DueMessageDelivery}; its own thread owns the progress.
 */
public final class ScheduleDelivery extends DueMessageDelivery {

    /** The file, in the broker's config folder, that keeps each level's progress. */
    public static final String PROGRESS_FILE = "delayOffset.json";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleDelivery.class);
    private static final int BATCH = 32;
    private static final int BATCH_BYTES = 1024 * 1024;

    private final DelayLevels levels;
    private final DelayOffsetTable progress;

    /** @param progressFile where delivery progress is kept ({@code config/delayOffset.json}) */
    public ScheduleDelivery(MessageStore store, DelayLevels levels, Path progressFile, LongSupplier clock) {
        super("broker-schedule", DeliveryRouter.SCHEDULE_TOPIC, "delayed",
                List.of(), store, clock);
        this.levels = levels;
        this.progress = new DelayOffsetTable(progressFile);
    }

    /** One pass over every level; returns when the next undelivered message is due. */
    @Override
    protected long deliverDue() {
        long now = clock.getAsLong();
        long nextDue = Long.MAX_VALUE;
        for (int level = 1; level <= levels.count() && running(); level++) {
            nextDue = Math.min(nextDue, deliverLevel(level, now));
        }
        return nextDue;
    }

    private long deliverLevel(int level, long now) {
        int queueId = level - 1;
        long delay = levels.delayMillis(level);
        long offset = progress.get(level);
        while (running()) {
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
                            if (!appendToRealTopic(message)) {
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

    @Override
    protected boolean dirty() {
        return progress.dirty();
    }

    @Override
    protected void persist(long now, boolean atShutdown) {
        progress.persist();
    }
}
