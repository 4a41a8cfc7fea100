package io.apogee.broker.timer;

import java.nio.file.Path;

/**
 * The timer index snapshot written and read through {@link TimerIndex}, its real writer and reader, for
 * crash tests outside this package (shipped in this module's test jar). Version {@code n} holds {@code n}
 * waiting entries and a scanned offset of {@code n}, so a snapshot mixing two writes shows.
 */
public final class TimerIndexFile {

    private TimerIndexFile() {
    }

    /** Adds the {@code version}-th entry, moves the scanned offset to {@code version} and takes a snapshot. */
    public static void write(Path dir, long version) {
        TimerIndex index = new TimerIndex(file(dir));
        index.add(version, version);
        index.scannedOffset(version);
        index.persist(true);
    }

    /** The version the snapshot holds, 0 before the first; throws when entries and offset disagree. */
    public static long read(Path dir) {
        TimerIndex index = new TimerIndex(file(dir));
        if (index.size() != index.scannedOffset()) {
            throw new IllegalStateException("a timer index mixing two writes: " + index.size() + " entries, scanned "
                    + index.scannedOffset());
        }
        return index.scannedOffset();
    }

    private static Path file(Path dir) {
        return dir.resolve("timerIndex.dat");
    }
}
