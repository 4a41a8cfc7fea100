package io.apogee.common.file;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryLockTest {

    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecondAcquireInThisProcessIsRefusedUntilTheFirstCloses() throws IOException {
        DirectoryLock first = DirectoryLock.acquire(dir, "lock", "store");
        assertThatThrownBy(() -> DirectoryLock.acquire(dir, "lock", "store"))
                .isInstanceOf(DirectoryInUseException.class)
                .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
        first.close();
        DirectoryLock.acquire(dir, "lock", "store").close();
    }

    @Test
    void anotherProcessHoldingTheFolderIsNamedInTheRefusal() throws Exception {
        startHolder();
        assertThatThrownBy(() -> DirectoryLock.acquire(dir, "lock", "store"))
                .isInstanceOf(DirectoryInUseException.class)
                .hasMessageContaining("the store in " + dir.toAbsolutePath().normalize())
                .hasMessageContaining("pid " + child.pid());
    }

    @Test
    void aKilledHolderLeavesTheFolderFree() throws Exception {
        startHolder();
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(Files.exists(dir.resolve("lock"))).isTrue();
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "lock", "store")) {
            assertThat(Files.readString(lock.file())).contains("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void aLockFileWithoutAHolderIsNoObstacle() throws IOException {
        Files.writeString(dir.resolve("lock"), "garbage that is not a holder");
        DirectoryLock.acquire(dir, "lock", "store").close();
    }

    private void startHolder() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");
    }
}
