package io.apogee.broker.schedule;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.DispatchListener;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the services that hold messages back until they are due (delay levels, timed messages) have in
 * common: one {@link DeliveryThread} that delivers what is due and sleeps until the next due time, woken
 * early when the store dispatches a message of the topic where they wait; progress written at most every
 * {@value #PERSIST_INTERVAL_MILLIS} ms while running and always at shutdown; and moving a due message back
 * to the topic and queue it was sent to (REAL_TOPIC, REAL_QID) without the properties that asked for the
 * wait. A subclass decides what is due and how its progress is kept.
 *
 * <p>Thread safety: the delivery thread runs {@link #deliverDue()}, {@link #persist(long, boolean)} and
 * {@link #appendToRealTopic(StoredMessage)} (which reuses one append request); the store's dispatcher only
 * wakes it ({@link #onDispatched}); {@link #start()} and {@link #shutdown()} come from the broker.
 */
public abstract class DueMessageDelivery implements DispatchListener {

    /** Longest sleep, so that a missed wake-up costs at most this much. */
    private static final long MAX_IDLE_MILLIS = 500;
    /** Wait before retrying after a failure or a message the store refused (disk full, ...). */
    protected static final long RETRY_MILLIS = 1_000;
    /** Progress is written at most this often while running (and always at shutdown). */
    private static final long PERSIST_INTERVAL_MILLIS = 200;

    private final Logger log = LoggerFactory.getLogger(getClass());
    protected final MessageStore store;
    protected final LongSupplier clock;
    private final String waitingTopic;
    private final String kind;
    private final List<String> triggerProperties;
    private final AppendRequest append = new AppendRequest();
    private final DeliveryThread worker;
    private long lastPersistMillis;

    /**
     * @param threadName        name of the delivery thread
     * @param waitingTopic      the topic where the messages wait; a dispatch to it wakes the thread
     * @param kind              what the messages are called in log lines ("delayed", "timed")
     * @param triggerProperties the properties that asked for the wait, removed on delivery
     */
    protected DueMessageDelivery(String threadName, String waitingTopic, String kind,
                                 List<String> triggerProperties, MessageStore store, LongSupplier clock) {
        this.waitingTopic = waitingTopic;
        this.kind = kind;
        this.triggerProperties = triggerProperties;
        this.store = store;
        this.clock = clock;
        this.worker = new DeliveryThread(threadName, this::run);
    }

    /** Starts the delivery thread. */
    public final void start() {
        store.addDispatchListener(this);
        worker.start();
    }

    /** Stops the thread and persists the progress. */
    public final void shutdown() {
        worker.stop();
        persistLogged(clock.getAsLong(), true);
    }

    @Override
    public final void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp) {
        if (waitingTopic.equals(topic)) {
            worker.wake();
        }
    }

    /** False once {@link #shutdown()} began: a pass in progress should return. */
    protected final boolean running() {
        return worker.running();
    }

    /** Delivers every message due now; returns when the next undelivered message is due. */
    protected abstract long deliverDue();

    /** True while progress waits to be written. */
    protected abstract boolean dirty();

    /** Writes the progress; {@code atShutdown} on the last write. */
    protected abstract void persist(long now, boolean atShutdown);

    private void run() {
        while (worker.running()) {
            long nextDue;
            try {
                nextDue = deliverDue();
            } catch (RuntimeException e) {
                log.error("delivering {} messages failed; retrying", kind, e);
                nextDue = clock.getAsLong() + RETRY_MILLIS;
            }
            persistIfDue();
            long wait = Math.min(nextDue - clock.getAsLong(), MAX_IDLE_MILLIS);
            if (dirty()) {
                wait = Math.min(wait, PERSIST_INTERVAL_MILLIS);
            }
            worker.sleep(wait);
        }
    }

    private void persistIfDue() {
        long now = clock.getAsLong();
        if (now - lastPersistMillis >= PERSIST_INTERVAL_MILLIS) {
            lastPersistMillis = now;
            persistLogged(now, false);
        }
    }

    private void persistLogged(long now, boolean atShutdown) {
        try {
            persist(now, atShutdown);
        } catch (RuntimeException e) {
            log.error("cannot persist {} delivery progress; retried on the next pass", kind, e);
        }
    }

    /**
     * Appends a due message to its real topic and queue, without the trigger properties; false when the
     * store refused it for now (retry later), true when it was appended or can never be (dropped, logged).
     */
    protected final boolean appendToRealTopic(StoredMessage message) {
        Map<String, String> properties = message.propertyMap();
        String realTopic = properties.get(MessageConst.PROPERTY_REAL_TOPIC);
        String realQueue = properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
        int queueId = parseQueueId(realQueue);
        if (realTopic == null || queueId < 0) {
            log.warn("dropping a {} message without a real topic or with a bad real queue '{}' at commit-log "
                    + "offset {}", kind, realQueue, message.physicalOffset());
            return true;
        }
        for (int i = 0; i < triggerProperties.size(); i++) {
            properties.remove(triggerProperties.get(i));
        }
        AppendStatus status = store.append(StoredCopy.fill(append, message, realTopic, queueId, properties,
                message.reconsumeTimes()));
        switch (status) {
            case PUT_OK, FLUSH_DISK_TIMEOUT -> {
                return true;
            }
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> {
                log.error("dropping a due {} message for {} the store can never take: {}", kind, realTopic, status);
                return true;
            }
            default -> {
                log.warn("the store refused a due {} message for {}: {}; retrying", kind, realTopic, status);
                return false;
            }
        }
    }

    /** The queue id, or -1 when missing or not a number. */
    private static int parseQueueId(String realQueue) {
        if (realQueue == null) {
            return -1;
        }
        try {
            return Integer.parseInt(realQueue);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
