package io.apogee.store.file;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MappedFileLifetimeTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void linuxWithUnmap() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs /proc/self/maps to see mappings");
        assumeTrue(Unmapper.available(), "needs sun.misc.Unsafe.invokeCleaner");
    }

    @Test
    void destroyWithoutReadersDeletesAndUnmapsAtOnce() throws IOException {
        File path = dir.resolve(MappedFile.fileName(0)).toFile();
        MappedFile file = MappedFile.open(path, 0, 64 * 1024);
        String mapped = path.getCanonicalPath();
        assertThat(mappings()).contains(mapped);

        assertThat(file.destroy()).isTrue();

        assertThat(path).doesNotExist();
        assertThat(file.isUnmapped()).isTrue();
        assertThat(file.references()).isZero();
        assertThat(file.hold()).isFalse();
        assertThat(mappings()).doesNotContain(mapped);
        assertThat(file.destroy()).isFalse();
    }

    @Test
    void destroyWaitsForTheLastHolderBeforeUnmapping() throws IOException {
        File path = dir.resolve(MappedFile.fileName(0)).toFile();
        MappedFile file = MappedFile.open(path, 0, 64 * 1024);
        String mapped = path.getCanonicalPath();
        file.buffer().putLong(4096, 0x1122334455667788L);
        assertThat(file.hold()).isTrue();
        assertThat(file.hold()).isTrue();
        ByteBuffer slice = file.slice(4096, 8);

        file.destroy();

        assertThat(path).doesNotExist();
        assertThat(file.isUnmapped()).isFalse();
        assertThat(mappings()).contains(mapped + " (deleted)");
        assertThat(slice.getLong(0)).isEqualTo(0x1122334455667788L);
        assertThat(file.hold()).as("a destroyed file still held can be held again by its slices' owner").isTrue();
        file.release();

        file.release();
        assertThat(file.isUnmapped()).isFalse();
        assertThat(slice.getLong(0)).isEqualTo(0x1122334455667788L);

        file.release();
        assertThat(file.isUnmapped()).isTrue();
        assertThat(mappings()).doesNotContain(mapped);
        assertThatThrownBy(file::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void queueHandsOutHeldFilesAndDestroysTheHead() throws IOException {
        MappedFileQueue queue = new MappedFileQueue(dir.toFile(), 4096);
        MappedFile first = queue.create(0);
        queue.create(4096);
        first.setWrotePosition(100);
        MappedFile held = queue.hold(10);
        assertThat(held).isSameAs(first);

        queue.deleteFirst();

        assertThat(queue.hold(10)).isNull();
        assertThat(first.isUnmapped()).isFalse();
        assertThat(first.file()).doesNotExist();
        held.release();
        assertThat(first.isUnmapped()).isTrue();
    }

    static String mappings() throws IOException {
        return Files.readString(Path.of("/proc/self/maps"));
    }
}
