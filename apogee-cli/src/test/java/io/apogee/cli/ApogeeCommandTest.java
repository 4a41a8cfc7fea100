package io.apogee.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ApogeeCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = ApogeeCommand.commandLine(args);
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(out));
        int exit = command.execute(args);
        return new Run(exit, out.toString());
    }

    @Test
    void aMisspeltKeyIsOneLineNamingTheKeyMeantNotAStackTrace(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("broker.conf"), "brokerNmae = broker-a\n");
        Run broker = run("broker", "-c", conf.toString());
        assertThat(broker.exit()).isEqualTo(1);
        assertThat(broker.out()).isEqualTo("apogee broker: " + conf + ": invalid broker configuration: unknown broker "
                + "configuration key(s): 'brokerNmae' (did you mean 'brokerName'?)" + System.lineSeparator());

        Path namesrv = Files.writeString(dir.resolve("namesrv.conf"), "listenPrt = 9876\n");
        assertThat(run("namesrv", "-c", namesrv.toString()).out()).startsWith("apogee namesrv: ")
                .contains("'listenPrt' (did you mean 'listenPort'?)").doesNotContain("\tat ");
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

    @Test
    void aServerCommandGetsATreeOfItselfAndEverythingElseTheWholeTree() {
        assertThat(ApogeeCommand.commandLine("standalone", "--data", "d").getSubcommands()).containsOnlyKeys("standalone");
        assertThat(ApogeeCommand.commandLine("admin", "topic", "list").getSubcommands()).containsOnlyKeys("admin");
        assertThat(ApogeeCommand.commandLine().getSubcommands()).containsKeys("standalone", "broker", "namesrv",
                "controller", "local-cluster", "faults", "admin", "bench", "config", "help");
        assertThat(ApogeeCommand.commandLine("help", "standalone").getSubcommands()).containsKeys("standalone", "admin");
        assertThat(ApogeeCommand.commandLine("--help").getSubcommands()).containsKeys("standalone", "admin");
    }

    @Test
    void aMistypedCommandIsStillAOneLineUsageError() {
        Run run = run("standalon", "--data", "d");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEqualTo("apogee: Unmatched arguments from index 0: 'standalon', '--data', 'd' "
                + "(see 'apogee --help')"
                + System.lineSeparator());
    }

    @Test
    void enumOptionsOfALoneSubcommandIgnoreCaseAsInTheWholeTree() {
        CommandLine standalone = ApogeeCommand.commandLine("standalone", "--log-level", "debug");
        assertThat(standalone.getSubcommands().get("standalone").isCaseInsensitiveEnumValuesAllowed()).isTrue();
        Object level = standalone.parseArgs("standalone", "--log-level", "debug").subcommand()
                .matchedOptionValue("--log-level", null);
        assertThat(level).hasToString("DEBUG");
    }
}
