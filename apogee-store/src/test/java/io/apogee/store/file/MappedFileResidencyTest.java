package io.apogee.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Residency answers for the given bytes only, as RocketMQ's check of a message's first bytes does. */
class MappedFileResidencyTest {

    @TempDir
    Path dir;

    @Test
    void writtenBytesAreResidentAndUntouchedBytesOfASparseFileAreNot() throws IOException {
        MappedFile file = MappedFile.open(dir.resolve(MappedFile.fileName(0)).toFile(), 0, 16 * 1024 * 1024, FileSpace.SPARSE);
        try {
            int written = 8 * 1024 * 1024;
            assertThat(file.isResident(written, 100)).as("a hole never read or written").isFalse();
            file.buffer().put(written, (byte) 1);
            assertThat(file.isResident(written, 100)).isTrue();
            assertThat(file.isResident(written + 4 * 1024 * 1024, 100)).as("only the pages asked about").isFalse();
        } finally {
            file.destroy();
        }
    }
}
