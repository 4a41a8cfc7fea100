package io.apogee.broker.schedule;

import io.apogee.broker.timer.TimerProperties;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.store.AppendRequest;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Sends a delayed or timed message to where it waits instead of its topic: a message with a delay
 * level (DELAY &gt; 0) to {@value #SCHEDULE_TOPIC} queue {@code level - 1}; a message with a delivery
 * time in the future (see {@link TimerProperties}) to {@value TimerProperties#TIMER_TOPIC} with the
 * due time in {@code TIMER_OUT_MS}. Both keep their real topic and queue in REAL_TOPIC and REAL_QID.
 * A delivery time beyond {@code timerMaxDelaySec} is refused.
 *
 * <p>Only plain single messages are routed: batches cannot carry delays (the official client refuses
 * them), and a transaction's half message waits for its commit first.
 *
 * <p>Thread safety: stateless apart from immutable settings; called by the send threads. A message
 * without these properties costs three substring scans and no allocation.
 */
public final class DeliveryRouter {

    /** The system topic delayed messages wait in, one queue per level. */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";

    private final DelayLevels levels;
    private final long timerMaxDelayMillis;
    private final LongSupplier clock;

    public DeliveryRouter(DelayLevels levels, long timerMaxDelaySec, LongSupplier clock) {
        this.levels = levels;
        this.timerMaxDelayMillis = timerMaxDelaySec * 1000;
        this.clock = clock;
    }

    /**
     * Reroutes {@code append} when its properties ask for a later delivery.
     *
     * @return {@code null} when the message may be stored (rerouted or not), else why it is refused
     */
    public String route(AppendRequest append, String properties) {
        if (append.batch || properties == null || properties.isEmpty()) {
            return null;
        }
        int type = MessageSysFlag.transactionType(append.sysFlag);
        if (type != MessageSysFlag.TRANSACTION_NOT_TYPE && type != MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
            return null;
        }
        if (TimerProperties.mayBeTimed(properties)) {
            long now = clock.getAsLong();
            long deliverAt;
            try {
                deliverAt = TimerProperties.deliverAt(properties, now);
            } catch (NumberFormatException e) {
                return "timer message illegal, its delivery time is not a number: " + e.getMessage();
            }
            if (deliverAt > now) {
                if (deliverAt - now > timerMaxDelayMillis) {
                    return "timer message illegal, the delay time should not be bigger than the max delay "
                            + timerMaxDelayMillis + " ms (timerMaxDelaySec), but asked " + (deliverAt - now) + " ms";
                }
                redirect(append, properties, TimerProperties.TIMER_TOPIC, 0,
                        TimerProperties.TIMER_OUT_MS, Long.toString(deliverAt));
                return null;
            }
            if (deliverAt >= 0) {
                return null;
            }
        }
        if (properties.contains(MessageConst.PROPERTY_DELAY_TIME_LEVEL)) {
            String level = MessageProperties.get(properties, MessageConst.PROPERTY_DELAY_TIME_LEVEL);
            int parsed;
            try {
                parsed = level == null ? 0 : Integer.parseInt(level.trim());
            } catch (NumberFormatException e) {
                return "the delay level '" + level + "' is not a number";
            }
            if (parsed > 0) {
                int clamped = levels.clamp(parsed);
                redirect(append, properties, SCHEDULE_TOPIC, clamped - 1,
                        MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(clamped));
            }
        }
        return null;
    }

    /** Points a message at a waiting topic, remembering its real topic and queue. */
    private static void redirect(AppendRequest append, String properties, String topic, int queueId,
                                 String key, String value) {
        Map<String, String> map = MessageProperties.decode(properties);
        map.put(MessageConst.PROPERTY_REAL_TOPIC, append.topic);
        map.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(append.queueId));
        map.put(key, value);
        append.properties = ByteBuffer.wrap(MessageProperties.encodeToBytes(map));
        append.topic = topic;
        append.queueId = queueId;
    }

    /** Moves a message that must wait for {@code level} into the schedule topic, in place in {@code properties}. */
    public String scheduleTopicFor(Map<String, String> properties, String realTopic, int realQueueId, int level) {
        int clamped = levels.clamp(level);
        properties.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(clamped));
        properties.put(MessageConst.PROPERTY_REAL_TOPIC, realTopic);
        properties.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(realQueueId));
        return SCHEDULE_TOPIC;
    }

    /** The queue of the schedule topic that {@code level} waits in. */
    public int scheduleQueueFor(int level) {
        return levels.clamp(level) - 1;
    }
}
