package io.apogee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code apogee} command. Each server part is a subcommand; admin and bench subcommands join
 * them as they land.
 */
@Command(name = "apogee",
        mixinStandardHelpOptions = true,
        versionProvider = ApogeeVersion.class,
        description = "A light, fast message queue that speaks Apache RocketMQ's remoting protocol.",
        subcommands = {StandaloneCommand.class, NameServerCommand.class, BrokerCommand.class,
                CommandLine.HelpCommand.class})
public final class ApogeeCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ApogeeCommand()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
