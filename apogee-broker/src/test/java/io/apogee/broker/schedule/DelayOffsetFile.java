package io.apogee.broker.schedule;

import java.nio.file.Path;

/**
 * The delay-progress file written and read through {@link DelayOffsetTable}, its real writer and reader,
 * for crash tests outside this package (shipped in this module's test jar).
 */
public final class DelayOffsetFile {

    private static final int LEVEL = 3;

    private DelayOffsetFile() {
    }

    /** Records {@code version} as the progress of one delay level and writes the table. */
    public static void write(Path dir, long version) {
        DelayOffsetTable table = new DelayOffsetTable(file(dir));
        table.set(LEVEL, version);
        table.persist();
    }

    /** The progress the file holds for that level, 0 before the first write. */
    public static long read(Path dir) {
        return new DelayOffsetTable(file(dir)).get(LEVEL);
    }

    private static Path file(Path dir) {
        return dir.resolve("delayOffset.json");
    }
}
