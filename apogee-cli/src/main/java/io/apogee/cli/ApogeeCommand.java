package io.apogee.cli;

import io.apogee.cli.admin.AdminCommand;
import io.apogee.cli.bench.BenchCommand;
import io.apogee.cli.config.ConfigCommand;
import io.apogee.common.file.DirectoryInUseException;
import io.apogee.remoting.server.BindFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code apogee} command. Each server part is a subcommand, and so are {@code admin} (operating a
 * cluster), {@code bench} (the load generator) and {@code config} (the configuration keys).
 */
@Command(name = "apogee",
        mixinStandardHelpOptions = true,
        versionProvider = ApogeeVersion.class,
        description = "A light, fast message queue that speaks Apache RocketMQ's remoting protocol.",
        subcommands = {StandaloneCommand.class, NameServerCommand.class, BrokerCommand.class, ControllerCommand.class,
                LocalClusterCommand.class, FaultsCommand.class,
                BenchCommand.class,
                ConfigCommand.class, CommandLine.HelpCommand.class})
public final class ApogeeCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with an operator's mistakes printed as their one-line message and exit code 1, since
     * a stack trace only hides what the operator has to fix: a configuration mistake (an unknown or misspelt
     * key, a bad value: the IllegalArgumentException every configuration reader throws), a data folder
     * another process holds, a port already taken. A wrong argument is one line too, with exit code 2, so that a
     * script can tell it from a failed run.
     */
    public static CommandLine commandLine() {
        CommandLine line = AdminCommand.addTo(new CommandLine(new ApogeeCommand()))
                .setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler(AdminCommand.oneLineUsageErrors((e, args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        }));
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (!isOperatorMistake(e)) {
                throw e;
            }
            failed.getErr().println("apogee " + failed.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return line;
    }

    private static boolean isOperatorMistake(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DirectoryInUseException || cause instanceof BindFailedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
