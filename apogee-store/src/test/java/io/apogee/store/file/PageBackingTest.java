package io.apogee.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.apogee.store.file.MappedFileAllocationTest.allocatedBytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backing the pages of a sparse file before storing into its mapping takes their blocks, and the pages asked
 * for ahead, and nothing more; and it never changes what a page holds, also for pages written before the file
 * was mapped again (after a restart).
 */
class PageBackingTest {

    private static final int SIZE = 1 << 20;
    private static final int PAGE = PageBacking.PAGE_SIZE;

    @TempDir
    Path dir;

    @Test
    void backingTakesTheBlocksOfThePagesAskedForAndThoseAhead() throws Exception {
        File file = dir.resolve("00000000000000000000").toFile();
        MappedFile mapped = MappedFile.open(file, 0, SIZE, FileSpace.SPARSE);
        try {
            assertThat(allocatedBytes(file)).as("a sparse file").isLessThan(PAGE);
            mapped.backPages(PAGE + 100, 20, 3);
            assertThat(allocatedBytes(file)).as("pages 1 to 4").isBetween(4L * PAGE, 8L * PAGE);
            mapped.backPages(2 * PAGE, 20, 3);
            mapped.backPages(4 * PAGE + 4090, 20, 0);
            assertThat(allocatedBytes(file)).as("pages 1 to 5: only page 5 was missing").isBetween(5L * PAGE, 8L * PAGE);
        } finally {
            mapped.destroy();
        }
    }

    @Test
    void backingKeepsWhatThePagesHeldBeforeTheFileWasMappedAgain() throws Exception {
        File file = dir.resolve("00000000000000000000").toFile();
        MappedFile first = MappedFile.open(file, 0, SIZE, FileSpace.SPARSE);
        first.buffer().putLong(PAGE + 16, 7L);
        first.buffer().putLong(2 * PAGE - 8, 8L);
        first.release();

        MappedFile again = MappedFile.open(file, 0, SIZE, FileSpace.SPARSE);
        try {
            again.backPages(PAGE, 2 * PAGE, 4);
            assertThat(again.buffer().getLong(PAGE + 16)).isEqualTo(7L);
            assertThat(again.buffer().getLong(2 * PAGE - 8)).isEqualTo(8L);
            assertThat(Files.readAllBytes(file.toPath())[PAGE + 23]).as("the file, read past the mapping").isEqualTo((byte) 7);
        } finally {
            again.destroy();
        }
    }
}
