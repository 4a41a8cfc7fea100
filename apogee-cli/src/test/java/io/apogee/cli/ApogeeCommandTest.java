package io.apogee.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ApogeeCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ApogeeCommand());
        command.setOut(new PrintWriter(out));
        int exit = command.execute(args);
        return new Run(exit, out.toString());
    }

    @Test
    void versionIsTheBuildsVersionNotAPlaceholder() {
        Run run = run("--version");
        assertThat(run.exit()).isZero();
        String version = run.out().trim();
        assertThat(version).startsWith("apogee ").doesNotContain("development", "${");
        assertThat(version.substring("apogee ".length())).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void helpWorksLikeTheHelpOption() {
        Run help = run("help");
        Run option = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).isEqualTo(option.out()).contains("standalone", "broker", "namesrv");
        assertThat(run("help", "standalone").out()).contains("--data");
    }
}
