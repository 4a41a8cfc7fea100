package io.apogee.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code apogee namesrv} and {@code apogee broker} run as a user runs them: their start line says where they
 * listen and whether authentication and TLS are on, and only a server open beyond loopback without
 * authentication warns, once.
 */
class ServerStartLineTest {

    private static final String WARNING = "with authentication off: anyone who can reach this port";

    /** Runs {@code apogee ARGS} in a JVM of its own, its console into {@code log}; other process tests use it too. */
    static Process apogee(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ApogeeCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits for {@code line} in {@code log}; returns its match. */
    static Matcher awaitLine(Path log, Pattern line) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = line.matcher(Files.exists(log) ? Files.readString(log) : "");
            return m.find() ? m : null;
        }, Objects::nonNull);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aNameServerOnEveryInterfaceSaysSoAndWarnsOnce(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("namesrv.conf"),
                "bindAddress = 0.0.0.0\nlistenPort = 0\nrocketmqHome = " + dir.toString().replace('\\', '/') + "\n");
        Path log = dir.resolve("console.log");
        Process process = apogee(log, "namesrv", "-c", conf.toString());
        try {
            awaitLine(log, Pattern.compile("Apogee name server ready on \\S+ in \\d+ ms, listening on 0\\.0\\.0\\.0:\\d+"
                    + " \\(every interface\\), authentication off, TLS off"));
            assertThat(count(Files.readString(log), WARNING)).isEqualTo(1);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aBrokerOnLoopbackSaysSoAndDoesNotWarn(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("broker.conf"), "bindAddress = 127.0.0.1\nlistenPort = 0\n"
                + "storePathRootDir = " + dir.resolve("store").toString().replace('\\', '/') + "\n");
        Path log = dir.resolve("console.log");
        Process process = apogee(log, "broker", "-c", conf.toString());
        try {
            awaitLine(log, Pattern.compile("Apogee broker broker-a ready in \\d+ ms at 127\\.0\\.0\\.1:\\d+, listening on"
                    + " 127\\.0\\.0\\.1:\\d+ \\(this host only\\), authentication off, TLS off"));
            assertThat(Files.readString(log)).doesNotContain(WARNING);
        } finally {
            process.destroyForcibly();
        }
    }
}
