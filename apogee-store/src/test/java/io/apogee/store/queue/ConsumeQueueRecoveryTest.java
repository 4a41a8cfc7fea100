package io.apogee.store.queue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consume queue reopened after a clean stop finds the same end as one reopened after a crash, for every
 * length of the written run and every start (a queue may begin mid-file), across file boundaries.
 */
class ConsumeQueueRecoveryTest {

    private static final int ENTRIES_PER_FILE = 16;
    private static final int MESSAGE_SIZE = 100;

    @Property(tries = 300)
    void cleanAndCrashRecoveryFindTheSameEnds(@ForAll @IntRange(min = 0, max = 40) int start,
                                              @ForAll @IntRange(min = 0, max = 70) int count,
                                              @ForAll boolean clean) throws IOException {
        Path dir = Files.createTempDirectory("cq-recovery");
        try {
            ConsumeQueue written = queue(dir);
            for (int i = 0; i < count; i++) {
                written.put(start + i, (long) (start + i) * MESSAGE_SIZE, MESSAGE_SIZE, 7);
            }
            long commitLogEnd = (long) (start + count) * MESSAGE_SIZE;

            ConsumeQueue reopened = queue(dir);
            reopened.load();
            reopened.recover(commitLogEnd, clean);

            assertThat(reopened.maxOffset()).isEqualTo(count == 0 ? 0 : start + count);
            if (count > 0) {
                assertThat(reopened.minOffset()).isEqualTo(start);
                assertThat(reopened.commitLogOffset(start + count - 1)).isEqualTo((long) (start + count - 1) * MESSAGE_SIZE);
            }
        } finally {
            delete(dir);
        }
    }

    @Property(tries = 100)
    void entriesPastTheCommitLogEndAreDroppedAfterACleanStopToo(@ForAll @IntRange(min = 1, max = 70) int count,
                                                                @ForAll @IntRange(min = 1, max = 70) int kept)
            throws IOException {
        Path dir = Files.createTempDirectory("cq-recovery");
        try {
            ConsumeQueue written = queue(dir);
            for (int i = 0; i < count; i++) {
                written.put(i, (long) i * MESSAGE_SIZE, MESSAGE_SIZE, 7);
            }
            int survivors = Math.min(kept, count);
            ConsumeQueue reopened = queue(dir);
            reopened.load();
            reopened.recover((long) survivors * MESSAGE_SIZE, true);
            assertThat(reopened.maxOffset()).isEqualTo(survivors);
        } finally {
            delete(dir);
        }
    }

    private static ConsumeQueue queue(Path dir) {
        return new ConsumeQueue("T", 0, dir.toFile(), ENTRIES_PER_FILE * ConsumeQueue.ENTRY_SIZE);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
