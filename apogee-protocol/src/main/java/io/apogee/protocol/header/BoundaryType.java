package io.apogee.protocol.header;

/**
 * Which offset SEARCH_OFFSET_BY_TIMESTAMP returns when several messages share the timestamp: the
 * first ({@code LOWER}, the default) or the last ({@code UPPER}).
 */
public enum BoundaryType {
    LOWER, UPPER;

    /** Parses the wire name ignoring case; anything else, or null, reads as {@link #LOWER} as on the official broker. */
    public static BoundaryType fromWire(String name) {
        return "UPPER".equalsIgnoreCase(name) ? UPPER : LOWER;
    }
}
