package io.apogee.store.file;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The next file is allocated in step with the log's end: it does not run ahead while the log stands still, it
 * is whole once seven eighths of the current file are written, and a roll that wants it before
 * then gets it at once, allocated in full; a roll that wants another file never finds this one beside it.
 * Under SYNC_FLUSH's layout the file is prepared by a thread at idle priority.
 */
class NextFileAllocatorTest {

    private static final int SIZE = 8 << 20;
    /** The first byte of the file being prepared: the log's current file is [0, SIZE). */
    private static final long NEXT = SIZE;
    private static final long MIDDLE = SIZE / 2;

    @TempDir
    Path dir;

    private final AtomicLong logEnd = new AtomicLong(MIDDLE);
    private NextFileAllocator allocator;
    private MappedFile taken;

    @AfterEach
    void stop() {
        if (taken != null) {
            taken.destroy();
        }
        allocator.shutdown();
    }

    @Test
    void theNextFileIsAllocatedAtThePaceTheLogFills() throws Exception {
        allocator = newAllocator();
        logEnd.set(SIZE / 8);
        allocator.prepare(NEXT);
        File next = nextFile();

        await().atMost(Duration.ofSeconds(10)).until(() -> next.length() > 0);
        Thread.sleep(300);
        assertThat(next.length()).as("allocated while an eighth of the current file was written")
                .isLessThan(SIZE / 4);

        logEnd.set(MIDDLE);
        await().atMost(Duration.ofSeconds(10)).until(() -> next.length() >= SIZE / 2);
        Thread.sleep(300);
        assertThat(next.length()).as("allocated with half of the current file written")
                .isLessThan(SIZE * 3 / 4);

        logEnd.set(SIZE * 7 / 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> next.length() == SIZE);
        taken = allocator.take(NEXT);
        assertThat(taken.fileFromOffset()).isEqualTo(NEXT);
        assertThat(taken.buffer().get(SIZE - 1)).isZero();
    }

    @Test
    void aRollThatComesEarlyGetsTheWholeFileWithoutWaitingForTheLog() {
        allocator = newAllocator();
        allocator.prepare(NEXT);

        taken = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> allocator.take(NEXT));

        assertThat(taken).isNotNull();
        assertThat(nextFile().length()).isEqualTo(SIZE);
    }

    @Test
    void aFileThatIsNoLongerWantedIsDeletedWithoutWaitingForTheLog() {
        allocator = newAllocator();
        allocator.prepare(NEXT);
        await().atMost(Duration.ofSeconds(10)).until(() -> nextFile().length() > 0);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> allocator.shutdown());

        assertThat(nextFile()).doesNotExist();
    }

    @Test
    void aFilePreparedAtAnotherOffsetIsDeletedBeforeTheRollCreatesItsOwn() {
        allocator = newAllocator();
        allocator.prepare(NEXT);

        assertThat(allocator.take(NEXT + SIZE)).isNull();

        assertThat(nextFile()).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = FileSpace.class, names = {"RESERVED", "RESERVED_SINGLE_PAGES"})
    void aRollThatComesWhileTheFileIsHalfWrittenFinishesItOnItsOwnThread(FileSpace space) {
        allocator = newAllocator(space);
        allocator.prepare(NEXT);
        logEnd.set(MIDDLE + SIZE / 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> nextFile().length() >= SIZE / 4);

        taken = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> allocator.take(NEXT));

        assertThat(taken).isNotNull();
        assertThat(nextFile().length()).isEqualTo(SIZE);
        assertThat(taken.buffer().get(SIZE - 1)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = FileSpace.class, names = {"RESERVED", "RESERVED_SINGLE_PAGES"})
    void onlySyncFlushFilesArePreparedAtIdlePriority(FileSpace space) throws Exception {
        Path tasks = Path.of("/proc/self/task");
        assumeThat(Files.isDirectory(tasks)).as("/proc/self/task").isTrue();
        allocator = newAllocator(space);
        allocator.prepare(NEXT);
        await().atMost(Duration.ofSeconds(10)).until(() -> nextFile().length() > 0);

        int policy = schedulingPolicy(tasks, "test-allocator");

        assertThat(policy).as("scheduling policy of the allocating thread (5 is SCHED_IDLE)")
                .isEqualTo(space.preparedAtIdlePriority() ? 5 : 0);
    }

    /** The policy field (the 41st) of /proc/self/task/TID/stat for the thread named {@code name}. */
    private static int schedulingPolicy(Path tasks, String name) throws IOException {
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path task : threads.toList()) {
                if (Files.readString(task.resolve("comm")).trim().equals(name)) {
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the command name, which is in parentheses, start with the third.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    return Integer.parseInt(fields[41 - 3]);
                }
            }
        }
        throw new AssertionError("no thread named " + name);
    }

    private NextFileAllocator newAllocator() {
        return newAllocator(FileSpace.RESERVED);
    }

    private NextFileAllocator newAllocator(FileSpace space) {
        return new NextFileAllocator(dir.toFile(), SIZE, space, size -> true, logEnd::get, "test-allocator");
    }

    private File nextFile() {
        return dir.resolve(MappedFile.fileName(NEXT)).toFile();
    }
}
