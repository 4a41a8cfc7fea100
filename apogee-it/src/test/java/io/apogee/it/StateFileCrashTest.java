package io.apogee.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each state-file writer, run in a child JVM that rewrites its file as fast as it can, killed with SIGKILL
 * at a random moment: the file must then read back, through its real reader, as the last version the
 * writer finished or the one it was writing, never torn, empty or older.
 */
class StateFileCrashTest {

    private static final int KILLS_PER_WRITER = 4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StateFile.class)
    void aWriterKilledMidWriteLeavesTheOldOrTheNewVersion(StateFile file) throws Exception {
        Random random = new Random(file.ordinal());
        for (int kill = 0; kill < KILLS_PER_WRITER; kill++) {
            Path folder = dir.resolve("run" + kill);
            Process child = startWriter(file, folder);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            String first = out.readLine();
            assertThat(first).as("the writer finished a first version").isNotNull();
            Thread.sleep(random.nextInt(150));
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still read.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long finished = Long.parseLong(first);
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                finished = Long.parseLong(line.trim());
            }

            long found = file.read(folder);
            assertThat(found).as("version read back after kill %d", kill).isBetween(finished, finished + 1);
            try (var listing = Files.walk(folder)) {
                assertThat(listing.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".tmp")))
                        .as("one state file, at most a temporary beside it").hasSize(1);
            }
        }
    }

    private Process startWriter(StateFile file, Path folder) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StateFile.class.getName(), file.name(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
