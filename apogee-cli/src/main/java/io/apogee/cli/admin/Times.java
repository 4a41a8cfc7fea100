package io.apogee.cli.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Times as the admin commands print and read them: ISO-8601 in UTC, or epoch milliseconds. */
final class Times {

    private Times() {
    }

    static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /**
     * Epoch milliseconds from {@code 1733299200000}, {@code 2026-12-04T08:00:00Z} or a local
     * {@code 2026-12-04T08:00:00}; IllegalArgumentException for anything else.
     */
    static long parse(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("'" + text + "' is not a time: give epoch milliseconds or "
                        + "an ISO-8601 time such as 2026-12-04T08:00:00Z");
            }
        }
    }
}
