package io.apogee.broker.schedule;

import java.util.Arrays;

/**
 * The delay of each delay level, parsed from RocketMQ's {@code messageDelayLevel} text: delays
 * separated by spaces, each a number with a unit ({@code s}, {@code m}, {@code h}, {@code d}, and
 * {@code ms} for tests that cannot wait seconds). Level 1 is the first delay.
 *
 * <p>Thread safety: immutable.
 */
public final class DelayLevels {

    /** RocketMQ's default levels. */
    public static final String DEFAULT = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private final String text;
    private final long[] millis;

    private DelayLevels(String text, long[] millis) {
        this.text = text;
        this.millis = millis;
    }

    /** Parses a level list; an empty list, a unit it does not know or a non-positive delay is refused. */
    public static DelayLevels parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("no delay levels");
        }
        long[] millis = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            millis[i] = parseDelay(parts[i]);
        }
        return new DelayLevels(String.join(" ", parts), millis);
    }

    private static long parseDelay(String delay) {
        int unitAt = 0;
        while (unitAt < delay.length() && Character.isDigit(delay.charAt(unitAt))) {
            unitAt++;
        }
        if (unitAt == 0) {
            throw new IllegalArgumentException("delay '" + delay + "' does not start with a number");
        }
        long amount = Long.parseLong(delay.substring(0, unitAt));
        long unit = switch (delay.substring(unitAt)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> throw new IllegalArgumentException("delay '" + delay + "' has no unit of ms, s, m, h or d");
        };
        if (amount <= 0) {
            throw new IllegalArgumentException("delay '" + delay + "' is not positive");
        }
        return amount * unit;
    }

    /** How many levels there are; the highest level. */
    public int count() {
        return millis.length;
    }

    /** The delay of {@code level} (1-based) in ms. */
    public long delayMillis(int level) {
        return millis[level - 1];
    }

    /** A requested level brought into 1..count (RocketMQ caps a too-high level at the highest). */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, millis.length));
    }

    /** The normalized text, as a config value. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text + " " + Arrays.toString(millis);
    }
}
