package io.apogee.protocol.body;

/**
 * The version of a broker's topic table: a name server replaces its copy when the version differs.
 * Immutable; {@link #next(long)} gives the successor.
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {

    /** The next version: counter plus one, stamped with {@code nowMillis}. */
    public DataVersion next(long nowMillis) {
        return new DataVersion(stateVersion, nowMillis, counter + 1);
    }
}
