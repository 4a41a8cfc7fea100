package io.apogee.cli.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM options a broker process gets: the shared heap, or its own start script's. */
class LauncherTest {

    private static final List<String> PRINT_FLAGS = List.of("-XX:+PrintFlagsFinal", "-version");

    /** Runs {@code java <options> -XX:+PrintFlagsFinal -version} as a broker; returns what it printed. */
    private static String flagsOfBroker(Launcher launcher, List<String> own, Path dir) throws Exception {
        Path log = dir.resolve("flags.out");
        Process process = launcher.broker(own, PRINT_FLAGS, log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readString(log);
    }

    private static long flag(String flags, String name) {
        return flags.lines().filter(l -> l.matches("\\s*\\S+\\s+" + name + "\\s+=.*")).findFirst()
                .map(l -> Long.parseLong(l.split("=")[1].trim().split("\\s+")[0]))
                .orElseThrow(() -> new AssertionError(name + " not printed"));
    }

    @Test
    void aSharedHeapOverridesTheSystemsOwnOptions(@TempDir Path dir) throws Exception {
        Launcher launcher = new Launcher(null, null, "96m", List.of("-XX:+UseSerialGC"), List.of());
        String flags = flagsOfBroker(launcher, List.of("-Xmx200m", "-XX:+UseParallelGC"), dir);
        assertThat(flag(flags, "MaxHeapSize")).isEqualTo(96L << 20);
        assertThat(flags).containsPattern("UseSerialGC\\s+= true").containsPattern("UseParallelGC\\s+= false");
    }

    @Test
    void launcherDefaultsGiveTheSystemsOwnOptions(@TempDir Path dir) throws Exception {
        Launcher launcher = new Launcher(null, null, null, List.of("-XX:+UseSerialGC"), List.of());
        String flags = flagsOfBroker(launcher, List.of("-Xmx200m", "-XX:+UseParallelGC"), dir);
        assertThat(flag(flags, "MaxHeapSize")).isEqualTo(200L << 20);
        assertThat(flags).containsPattern("UseParallelGC\\s+= true");
    }

    @Test
    void theLoadGeneratorGetsItsOwnOptionsAndNotTheBrokers(@TempDir Path dir) throws Exception {
        Launcher launcher = new Launcher(null, null, "96m", List.of("-XX:+UseSerialGC"),
                List.of("-XX:+PrintFlagsFinal", "-XX:TieredStopAtLevel=1"));
        Path out = dir.resolve("out.txt");
        Process load = launcher.load(List.of("--help"), out, dir.resolve("err.txt"));
        assertThat(load.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String flags = Files.readString(out);
        assertThat(flag(flags, "TieredStopAtLevel")).isEqualTo(1);
        assertThat(flag(flags, "MaxHeapSize")).isEqualTo(512L << 20);
        assertThat(flags).containsPattern("UseSerialGC\\s+= false");
    }

    @Test
    void apogeesLauncherOptionsAreThoseOfItsStartScript() throws Exception {
        // Tests run in the module's folder; the start script is at the repository's root.
        String script = Files.readString(Path.of("..", "apogee"));
        String defaults = script.lines().filter(l -> l.contains("APOGEE_JAVA_OPTS:-")).findFirst().orElseThrow();
        assertThat(defaults).contains("APOGEE_JAVA_OPTS:-" + String.join(" ", ApogeeSystem.LAUNCHER_OPTIONS) + " ");
    }
}
