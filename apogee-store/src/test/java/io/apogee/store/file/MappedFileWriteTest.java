package io.apogee.store.file;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Positional writes into a mapped file: seen through the mapping, safe from interrupts, bounded by the file. */
class MappedFileWriteTest {

    private static final int SIZE = 64 * 1024;

    @TempDir
    Path dir;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void bytesWrittenThroughTheFileAreSeenThroughTheMapping() throws IOException {
        MappedFile file = MappedFile.open(dir.resolve(MappedFile.fileName(0)).toFile(), 0, SIZE);
        ByteBuffer record = ByteBuffer.allocateDirect(12).putInt(7).putLong(0x1122334455667788L).flip();

        file.write(4090, record);

        assertThat(record.hasRemaining()).isFalse();
        assertThat(file.buffer().getInt(4090)).isEqualTo(7);
        assertThat(file.buffer().getLong(4094)).as("across a page boundary").isEqualTo(0x1122334455667788L);
        assertThat(Files.size(file.file().toPath())).isEqualTo(SIZE);
    }

    @Test
    void anInterruptedWriterStillWritesAndKeepsItsInterrupt() throws IOException {
        MappedFile file = MappedFile.open(dir.resolve(MappedFile.fileName(0)).toFile(), 0, SIZE);
        file.write(0, ByteBuffer.wrap(new byte[] {1}));

        // An interrupted thread closes a FileChannel it writes to; the write must survive that, and so must later
        // writes by threads that were never interrupted.
        Thread.currentThread().interrupt();
        file.write(100, ByteBuffer.allocateDirect(4).putInt(0xCAFE).flip());
        assertThat(Thread.interrupted()).as("the interrupt is given back").isTrue();
        file.write(200, ByteBuffer.allocateDirect(4).putInt(0xBEEF).flip());

        assertThat(file.buffer().getInt(100)).isEqualTo(0xCAFE);
        assertThat(file.buffer().getInt(200)).isEqualTo(0xBEEF);
    }

    @Test
    void aWritePastTheEndIsRefusedAndWritesNothing() throws IOException {
        File path = dir.resolve(MappedFile.fileName(0)).toFile();
        MappedFile file = MappedFile.open(path, 0, SIZE);
        ByteBuffer record = ByteBuffer.allocate(16);

        assertThatThrownBy(() -> file.write(SIZE - 8, record)).isInstanceOf(IllegalArgumentException.class);

        assertThat(record.remaining()).isEqualTo(16);
        assertThat(path.length()).isEqualTo(SIZE);
    }

    @Test
    void aFileDeletedBeforeItsFirstWriteFailsTheWrite() throws IOException {
        File path = dir.resolve(MappedFile.fileName(0)).toFile();
        MappedFile file = MappedFile.open(path, 0, SIZE);
        Files.delete(path.toPath());

        assertThatThrownBy(() -> file.write(0, ByteBuffer.allocate(8))).isInstanceOf(IOException.class);
    }
}
