package io.apogee.store.file;

import com.sun.nio.file.ExtendedOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A log file is opened with every block allocated by writing zeros (so a write into its mapping can never fault
 * for want of space, and a force never waits for blocks to be converted), and reads as zeros; a disk without
 * room refuses the file and leaves nothing behind; under SYNC_FLUSH's layout a force writes back only the pages
 * written.
 */
class MappedFileAllocationTest {

    private static final int SIZE = 8 << 20;
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = FileSpace.class, names = {"RESERVED", "RESERVED_SINGLE_PAGES"})
    void aReservedFileHasAllItsBlocksAndReadsAsZeros(FileSpace space) throws Exception {
        File file = dir.resolve("00000000000000000000").toFile();
        MappedFile mapped = MappedFile.open(file, 0, SIZE, space);
        try {
            assertThat(file.length()).isEqualTo(SIZE);
            assertThat(allocatedBytes(file)).as("blocks the file system holds").isGreaterThanOrEqualTo(SIZE);
            for (int at = 0; at < SIZE; at += 4096) {
                assertThat(mapped.buffer().get(at)).isZero();
            }
        } finally {
            mapped.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(value = FileSpace.class, names = {"RESERVED", "RESERVED_SINGLE_PAGES"})
    void aReservedFileHasNoBlockLeftToConvertAtItsFirstForce(FileSpace space) throws Exception {
        File file = dir.resolve("00000000000000000000").toFile();
        MappedFile mapped = MappedFile.open(file, 0, SIZE, space);
        try {
            Process map = new ProcessBuilder("filefrag", "-v", file.getPath()).redirectErrorStream(true).start();
            String extents = new String(map.getInputStream().readAllBytes());
            assumeThat(map.waitFor()).as("filefrag -v (e2fsprogs, a file system with FIEMAP): %s", extents).isZero();
            // fallocate(2) leaves its blocks "unwritten": the first force of each page would convert them in a
            // journal commit that the force waits for.
            assertThat(extents).contains("eof").doesNotContain("unwritten");
        } catch (IOException e) {
            assumeThat(e).as("filefrag is not installed").isNull();
        } finally {
            mapped.destroy();
        }
    }

    @Test
    void anAsyncFlushFilesZerosNeverSitDirtyInThePageCacheAndEndResident() throws Exception {
        Path meminfo = Path.of("/proc/meminfo");
        assumeThat(Files.isReadable(meminfo)).as("/proc/meminfo").isTrue();
        Path probe = dir.resolve("probe");
        Files.write(probe, new byte[0]);
        try (FileChannel direct = FileChannel.open(probe, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            assumeThat(direct.isOpen()).isTrue();
        } catch (IOException | UnsupportedOperationException e) {
            assumeThat(e).as("this file system takes no direct writes").isNull();
        }
        int size = 64 << 20;
        long[] dirtyKb = new long[2];
        AllocationPace watch = allocated -> {
            if (allocated == 0) {
                dirtyKb[0] = dirtyKb(meminfo);
            } else if (allocated == size / 2) {
                dirtyKb[1] = dirtyKb(meminfo);
            }
        };
        File file = dir.resolve("00000000000000000000").toFile();
        MappedFile mapped = MappedFile.open(file, 0, size, FileSpace.RESERVED, watch);
        try {
            // Written through the page cache, half of the file (32 MiB) would be dirty at this point.
            assertThat((dirtyKb[1] - dirtyKb[0]) * 1024).as("bytes dirtied by the first half of the zeros")
                    .isLessThan(size / 4);
            // Read back, every page was in the page cache. But clean pages that no process has touched through a
            // mapping are the first the kernel may drop, and proactive reclaim of memory it finds cold drops a few
            // now and then even while most memory is free (up to a few dozen pages of about one file in a hundred
            // or two, at the reclaimer's periodic tick): the kernel promises most of the file, not all of it.
            assertThat(residentPages(mapped, size)).as("pages of the file in the page cache")
                    .isGreaterThanOrEqualTo(size / PAGE * 9 / 10);
            assertThat(allocatedBytes(file)).isGreaterThanOrEqualTo(size);
        } finally {
            mapped.destroy();
        }
    }

    /** Pages of the first {@code size} bytes of {@code mapped} in the page cache now. */
    private static int residentPages(MappedFile mapped, int size) {
        int resident = 0;
        for (int at = 0; at < size; at += PAGE) {
            if (mapped.isResident(at, PAGE)) {
                resident++;
            }
        }
        return resident;
    }

    private static long dirtyKb(Path meminfo) throws IOException {
        for (String line : Files.readAllLines(meminfo)) {
            if (line.startsWith("Dirty:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no Dirty in " + meminfo);
    }

    @Test
    void aFileThatNeedNotBeReservedStaysSparse() throws Exception {
        File file = dir.resolve("queue").toFile();
        MappedFile mapped = MappedFile.open(file, 0, SIZE, FileSpace.SPARSE);
        try {
            assertThat(file.length()).isEqualTo(SIZE);
            assertThat(allocatedBytes(file)).isLessThan(SIZE);
        } finally {
            mapped.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(value = FileSpace.class, names = {"RESERVED", "RESERVED_SINGLE_PAGES"})
    void aFileWrittenBeforeKeepsItsBytesWhenTheRestIsReserved(FileSpace space) throws Exception {
        Path path = dir.resolve("00000000000000000000");
        Files.write(path, new byte[] {1, 2, 3});
        MappedFile mapped = MappedFile.open(path.toFile(), 0, SIZE, space);
        try {
            assertThat(mapped.buffer().get(0)).isEqualTo((byte) 1);
            assertThat(mapped.buffer().get(2)).isEqualTo((byte) 3);
            assertThat(mapped.buffer().get(3)).isZero();
            assertThat(allocatedBytes(path.toFile())).isGreaterThanOrEqualTo(SIZE);
        } finally {
            mapped.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(value = FileSpace.class, names = {"RESERVED", "RESERVED_SINGLE_PAGES"})
    void aDiskWithoutRoomRefusesTheFileAndKeepsNoPartOfIt(FileSpace space) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        int exit = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        assumeThat(exit).as("mounting a tmpfs needs root (exit %d)", exit).isZero();
        try {
            File file = mount.resolve("00000000000000000000").toFile();
            assertThatThrownBy(() -> MappedFile.open(file, 0, SIZE, space)).isInstanceOf(IOException.class);
            assertThat(file).doesNotExist();
        } finally {
            if (run("umount", mount.toString()) != 0) {
                run("umount", "-l", mount.toString());
            }
        }
    }

    @Test
    void aSinglePageFileWritesBackOnlyThePagesWrittenAtEachForce() throws Exception {
        Path io = Path.of("/proc/self/io");
        assumeThat(Files.isReadable(io)).as("/proc/self/io").isTrue();
        File file = dir.resolve("00000000000000000000").toFile();
        int records = 20_000;
        byte[] record = new byte[1200];
        MappedFile mapped = MappedFile.open(file, 0, 32 << 20, FileSpace.RESERVED_SINGLE_PAGES);
        try {
            // A log's end under SYNC_FLUSH: records written in order, a force after each. Read-ahead grows with
            // the sequential faults and would put the pages in ever larger folios, each dirtied and written
            // whole at every force (here about 23 times the data, against about 4.4 times in single pages:
            // a 4 KiB page is written again for each record that ends in it).
            long before = writeBytes(io);
            for (int i = 0; i < records; i++) {
                mapped.buffer().put(i * record.length, record);
                mapped.setWrotePosition((i + 1) * record.length);
                mapped.force();
            }
            assertThat(writeBytes(io) - before).as("bytes dirtied for %d records", records)
                    .isLessThanOrEqualTo(6L * records * record.length);
        } finally {
            mapped.destroy();
        }
    }

    private static long writeBytes(Path io) throws IOException {
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        throw new IllegalStateException("no write_bytes in " + io);
    }

    /** Bytes of blocks allocated to the file, from stat(1): sparse holes count for nothing. */
    static long allocatedBytes(File file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.getPath()).redirectErrorStream(true).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertThat(stat.waitFor()).as(String.join(" ", out)).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
