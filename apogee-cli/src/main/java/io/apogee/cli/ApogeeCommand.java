package io.apogee.cli;

import io.apogee.cli.admin.AdminCommand;
import io.apogee.cli.bench.BenchCommand;
import io.apogee.cli.config.ConfigCommand;
import io.apogee.common.file.DirectoryInUseException;
import io.apogee.remoting.server.BindFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code apogee} command. Each server part is a subcommand, and so are {@code admin} (operating a
 * cluster), {@code bench} (the load generator) and {@code config} (the configuration keys).
 *
 * <p>picocli builds a command's model from its annotations by reflection, and the whole tree (the admin
 * commands alone have hundreds of options) takes a few hundred milliseconds of a cold start. So {@link #main}
 * builds only the subcommand its first argument names; help, version and mistakes get the whole tree.
 */
@Command(name = "apogee",
        mixinStandardHelpOptions = true,
        versionProvider = ApogeeVersion.class,
        description = "A light, fast message queue that speaks Apache RocketMQ's remoting protocol.")
public final class ApogeeCommand implements Runnable {

    /** The subcommands in the order help lists them, {@code admin} between the servers and the tools. */
    private static final List<Class<?>> SERVERS = List.of(StandaloneCommand.class, NameServerCommand.class,
            BrokerCommand.class, ControllerCommand.class, LocalClusterCommand.class, FaultsCommand.class);
    private static final List<Class<?>> TOOLS = List.of(BenchCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command tree for running {@code args}: only the subcommand the first argument names when that one
     * runs by itself (not {@code help}, which needs its siblings), else, and with no arguments, all of them.
     * picocli parses and reports the same either way.
     */
    public static CommandLine commandLine(String... args) {
        return configured(withSubcommands(new CommandLine(new ApogeeCommand()), args.length == 0 ? "" : args[0]));
    }

    private static CommandLine withSubcommands(CommandLine line, String first) {
        for (Class<?> command : Stream.concat(SERVERS.stream(), TOOLS.stream()).toList()) {
            if (command != CommandLine.HelpCommand.class && first.equals(nameOf(command))) {
                return line.addSubcommand(command);
            }
        }
        if (first.equals(AdminCommand.NAME)) {
            return AdminCommand.addTo(line);
        }
        SERVERS.forEach(line::addSubcommand);
        AdminCommand.addTo(line);
        TOOLS.forEach(line::addSubcommand);
        return line;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /**
     * The command line, with an operator's mistakes printed as their one-line message and exit code 1, since
     * a stack trace only hides what the operator has to fix: a configuration mistake (an unknown or misspelt
     * key, a bad value: the IllegalArgumentException every configuration reader throws), a data folder
     * another process holds, a port already taken. A wrong argument is one line too, with exit code 2, so that a
     * script can tell it from a failed run.
     */
    private static CommandLine configured(CommandLine line) {
        // Set on the tree as it is now: subcommands added later would not get it.
        line.setCaseInsensitiveEnumValuesAllowed(true);
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
