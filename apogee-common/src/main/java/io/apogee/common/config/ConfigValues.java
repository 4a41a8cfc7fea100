package io.apogee.common.config;

import java.nio.file.Path;

/**
 * The parsers every {@link ConfigTable} uses, so that a boolean, a number or a port means the same in every
 * part: booleans are {@code true} or {@code false} in any case; numbers are decimal, with the bounds named in
 * the error.
 *
 * <p>Thread safety: stateless.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    public static boolean bool(String text) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    public static int intAtLeast(String text, int min) {
        return intBetween(text, min, Integer.MAX_VALUE);
    }

    public static int intBetween(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(max == Integer.MAX_VALUE ? "must be at least " + min
                    : "must be " + min + ".." + max);
        }
        return value;
    }

    public static long longAtLeast(String text, long min) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
        return value;
    }

    public static int port(String text) {
        return intBetween(text, 0, 65_535);
    }

    public static int percent(String text) {
        return intBetween(text, 1, 100);
    }

    public static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return text;
    }

    /** Any text, the empty text included. */
    public static String text(String text) {
        return text;
    }

    public static Path path(String text) {
        return Path.of(nonBlank(text));
    }

    /** An optional path: the empty text is null. */
    public static Path optionalPath(String text) {
        return text.isBlank() ? null : Path.of(text);
    }
}
