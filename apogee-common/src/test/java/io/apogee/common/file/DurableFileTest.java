package io.apogee.common.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurableFileTest {

    @TempDir
    Path dir;

    @Test
    void replaceCreatesTheFolderAndLeavesOnlyTheTarget() throws IOException {
        Path file = dir.resolve("config").resolve("topics.json");
        DurableFile.replace(file, bytes("first"));
        DurableFile.replace(file, bytes("second"));
        assertThat(Files.readString(file)).isEqualTo("second");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file.toAbsolutePath());
        }
    }

    @ParameterizedTest
    @EnumSource(DurableFile.Step.class)
    void aFailureAfterAnyStepLeavesOldOrNewContentAndNoTemporary(DurableFile.Step failing) throws IOException {
        Path file = dir.resolve("offsets.json");
        DurableFile.replace(file, bytes("old"));

        assertThatThrownBy(() -> DurableFile.replace(file, bytes("new"), step -> {
            if (step == failing) {
                throw new IOException("injected after " + step);
            }
        })).hasMessage("injected after " + failing);

        String expected = failing == DurableFile.Step.RENAMED ? "new" : "old";
        assertThat(Files.readString(file)).isEqualTo(expected);
        assertThat(DurableFile.temporaryOf(file)).doesNotExist();
    }

    @Test
    void aTemporaryLeftByAKilledWriterIsOverwrittenNotRead() throws IOException {
        Path file = dir.resolve("kv.json");
        DurableFile.replace(file, bytes("kept"));
        Files.writeString(DurableFile.temporaryOf(file), "half of a much longer file that was being writ");
        assertThat(new String(DurableFile.readIfExists(file), StandardCharsets.UTF_8)).isEqualTo("kept");
        DurableFile.replace(file, bytes("next"));
        assertThat(Files.readString(file)).isEqualTo("next");
        assertThat(DurableFile.temporaryOf(file)).doesNotExist();
    }

    @Test
    void aRenameThatFailsKeepsTheOldTargetAndRemovesTheTemporary() throws IOException {
        Path target = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(target.resolve("inside"), "a folder cannot be replaced by a file");
        assertThatThrownBy(() -> DurableFile.replace(target, bytes("new"))).isInstanceOf(IOException.class);
        assertThat(target.resolve("inside")).exists();
        assertThat(DurableFile.temporaryOf(target)).doesNotExist();
    }

    @Test
    void removeDeletesTheFileOnceAndSaysWhetherItWasThere() throws IOException {
        Path marker = dir.resolve("clean");
        Files.writeString(marker, "");
        assertThat(DurableFile.remove(marker)).isTrue();
        assertThat(marker).doesNotExist();
        assertThat(DurableFile.remove(marker)).isFalse();
    }

    @Test
    void readingAMissingFileGivesNull() throws IOException {
        assertThat(DurableFile.readIfExists(dir.resolve("absent"))).isNull();
        assertThat(DurableFile.readIfExists(null)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
