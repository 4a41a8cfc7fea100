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
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with configuration mistakes (an unknown or misspelt key, a bad value: the
     * IllegalArgumentException every configuration reader throws) printed as their one-line message and
     * exit code 1, since a stack trace only hides the key the operator has to fix.
     */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new ApogeeCommand());
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) {
                throw e;
            }
            failed.getErr().println("apogee " + failed.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return line;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
