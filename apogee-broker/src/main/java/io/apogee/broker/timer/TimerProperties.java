package io.apogee.broker.timer;

import io.apogee.protocol.message.MessageProperties;

/**
 * The message properties RocketMQ 5 clients set for delivery at a time
 * ({@code Message#setDeliverTimeMs}, {@code setDelayTimeSec}, {@code setDelayTimeMs}, and the older
 * {@code __STARTDELIVERTIME}), and the time they ask for.
 *
 * <p>Thread safety: stateless.
 */
public final class TimerProperties {

    /** Absolute delivery time in ms since the epoch. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** Delay from the send, in seconds. */
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    /** Delay from the send, in ms. */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** Absolute delivery time in ms, as older clients spell it. */
    public static final String START_DELIVER_TIME = "__STARTDELIVERTIME";
    /** Set by the broker: the time a timed message is due, in ms. */
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    /** The system topic timed messages wait in. */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";

    private TimerProperties() {
    }

    /** Whether the properties string may ask for a delivery time; a cheap test before the exact one. */
    public static boolean mayBeTimed(String properties) {
        return properties.contains("TIMER_") || properties.contains(START_DELIVER_TIME);
    }

    /**
     * The delivery time the properties ask for, in ms since the epoch, or -1 when they ask for none.
     *
     * @throws NumberFormatException when a timer property is not a number
     */
    public static long deliverAt(String properties, long nowMillis) {
        String value = MessageProperties.get(properties, TIMER_DELIVER_MS);
        if (value != null) {
            return Long.parseLong(value);
        }
        value = MessageProperties.get(properties, TIMER_DELAY_SEC);
        if (value != null) {
            return nowMillis + Long.parseLong(value) * 1000;
        }
        value = MessageProperties.get(properties, TIMER_DELAY_MS);
        if (value != null) {
            return nowMillis + Long.parseLong(value);
        }
        value = MessageProperties.get(properties, START_DELIVER_TIME);
        if (value != null) {
            return Long.parseLong(value);
        }
        return -1;
    }
}
