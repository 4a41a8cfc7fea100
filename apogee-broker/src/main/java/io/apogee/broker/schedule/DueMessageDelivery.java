package io.apogee.broker.schedule;

import io.apogee.common.agent.Agent;
import io.apogee.common.agent.AgentRunner;
import io.apogee.common.agent.ParkingIdleStrategy;
import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
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
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the services that hold messages back until they are due (delay levels, timed messages) have in
 * common: one thread (an {@link Agent} run by an {@link AgentRunner}) that delivers what is due and sleeps
 * until the next due time, woken early when the store dispatches a message of the topic where they wait;
 * progress written at most every {@value #PERSIST_INTERVAL_MILLIS} ms while running and at a shutdown that
 * ends in time (else the next start delivers the last messages again: at-least-once); and moving a due message back
 * to the topic and queue it was sent to (REAL_TOPIC, REAL_QID) without the properties that asked for the
 * wait. A subclass decides what is due and how its progress is kept.
 *
 * <p>A pass or a progress write that fails is counted and logged once per interval by the runner; a failed
 * pass is retried after {@value #RETRY_MILLIS} ms, a failed write on the next pass.
 *
 * <p>Thread safety: the delivery thread runs {@link #doWork()}, {@link #deliverDue()},
 * {@link #persist(long, boolean)} and {@link #appendToRealTopic(StoredMessage)} (which reuses one append
 * request); the store's dispatcher only wakes it ({@link #onDispatched}); {@link #start()} and
 * {@link #shutdown()} come from the broker.
 */
public abstract class DueMessageDelivery implements DispatchListener, Agent {

    /** Longest sleep, so that a missed wake-up costs at most this much. */
    private static final long MAX_IDLE_MILLIS = 500;
    /** Wait before retrying after a failure or a message the store refused (disk full, ...). */
    protected static final long RETRY_MILLIS = 1_000;
    /** Progress is written at most this often while running (and always at shutdown). */
    private static final long PERSIST_INTERVAL_MILLIS = 200;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final Logger log = LoggerFactory.getLogger(getClass());
    /** A store that refuses (disk full) would otherwise be reported once per retry. */
    private final RateLimitedLog refusals = new RateLimitedLog(log, 10_000);
    protected final MessageStore store;
    protected final LongSupplier clock;
    private final String waitingTopic;
    private final String kind;
    private final List<String> triggerProperties;
    private final String threadName;
    private final AppendRequest append = new AppendRequest();
    private final AgentRunner runner;
    /** Set by a dispatch to the waiting topic, cleared by the pass it causes. */
    private volatile boolean woken;
    private long nextPassMillis;
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
        this.threadName = threadName;
        this.runner = new AgentRunner(this, new ParkingIdleStrategy(this::idleNanos));
    }

    /** Starts the delivery thread. */
    public final void start() {
        store.addDispatchListener(this);
        runner.start();
    }

    /**
     * Stops the thread, which persists the progress before it ends; false when it did not end within 5 s
     * (a pass stuck on the store) or the last write failed, and then the progress was left as it was.
     */
    public final boolean shutdown() {
        store.removeDispatchListener(this);
        return runner.close(STOP_WAIT_MILLIS);
    }

    @Override
    public final String roleName() {
        return threadName;
    }

    @Override
    public final void onDispatched(String topic, int queueId, long queueOffset, long tagsCode, long storeTimestamp) {
        if (waitingTopic.equals(topic)) {
            // Flag first, then wake: a pass under way when the message came sees the flag and runs again.
            woken = true;
            runner.wake();
        }
    }

    /** False once {@link #shutdown()} began: a pass in progress should return. */
    protected final boolean running() {
        return runner.running();
    }

    /**
     * A delivery pass when one is due (a new message came, its next message is due, or it is
     * {@value #MAX_IDLE_MILLIS} ms since the last), then the progress write when its interval is over.
     */
    @Override
    public final int doWork() {
        int work = 0;
        long now = clock.getAsLong();
        if (woken || now >= nextPassMillis) {
            woken = false;
            // Should the pass fail, the next one is a retry interval away.
            nextPassMillis = now + RETRY_MILLIS;
            nextPassMillis = Math.min(deliverDue(), clock.getAsLong() + MAX_IDLE_MILLIS);
            work++;
        }
        now = clock.getAsLong();
        if (now - lastPersistMillis >= PERSIST_INTERVAL_MILLIS) {
            lastPersistMillis = now;
            persist(now, false);
        }
        return work;
    }

    /** Until the next pass, or sooner when progress waits to be written; not at all when a message came. */
    private long idleNanos() {
        if (woken) {
            return 0;
        }
        long until = nextPassMillis;
        if (dirty()) {
            until = Math.min(until, lastPersistMillis + PERSIST_INTERVAL_MILLIS);
        }
        return TimeUnit.MILLISECONDS.toNanos(until - clock.getAsLong());
    }

    /** The last progress write, on the delivery thread, when it stops in time. */
    @Override
    public final void onClose() {
        persist(clock.getAsLong(), true);
    }

    /** Delivers every message due now; returns when the next undelivered message is due. */
    protected abstract long deliverDue();

    /** True while progress waits to be written. */
    protected abstract boolean dirty();

    /** Writes the progress; {@code atShutdown} on the last write. */
    protected abstract void persist(long now, boolean atShutdown);

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
                    + "offset {}", kind, LogText.escape(realQueue), message.physicalOffset());
            return true;
        }
        for (int i = 0; i < triggerProperties.size(); i++) {
            properties.remove(triggerProperties.get(i));
        }
        AppendStatus status = store.append(StoredCopy.fill(append, message, realTopic, queueId, properties,
                message.reconsumeTimes()));
        switch (status) {
            // In this master's log: a second copy would wait for the same disk or slave.
            case PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE -> {
                return true;
            }
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> {
                log.error("dropping a due {} message for {} the store can never take: {}", kind, realTopic, status);
                return true;
            }
            default -> {
                refusals.warn("the store refused a due {} message for {}: {}; retrying", kind, realTopic, status);
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
