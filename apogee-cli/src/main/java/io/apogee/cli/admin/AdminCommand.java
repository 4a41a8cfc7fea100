package io.apogee.cli.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code apogee admin}: the nouns as subcommands, and RocketMQ's mqadmin command names as hidden
 * aliases of the matching noun-verb command (listed in the help's footer). Usage mistakes anywhere
 * under it are one line on stderr and exit code 2.
 *
 * <p>Thread safety: each run happens on the thread that calls {@code execute}, which blocks on the servers'
 * answers; the command objects hold one run's options and are not shared.
 */
@Command(name = AdminCommand.NAME, description = "Operate a cluster: Apogee or Apache RocketMQ (noun then verb).",
        mixinStandardHelpOptions = true,
        subcommands = {ClusterCommands.class, BrokerCommands.class, TopicCommands.class, GroupCommands.class,
                MessageCommands.class, KvCommands.class},
        footer = {"", "Exit codes: 0 done, 1 the operation failed, 2 usage mistake.",
                "mqadmin names are accepted too, e.g. 'apogee admin topicList' (see 'apogee admin aliases')."})
public final class AdminCommand implements Runnable {

    /** The subcommand's name under {@code apogee}. */
    public static final String NAME = "admin";

    /** mqadmin's command name, and the noun-verb path it runs. */
    static final Map<String, String[]> ALIASES = aliases();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private static Map<String, String[]> aliases() {
        Map<String, String[]> a = new LinkedHashMap<>();
        a.put("clusterList", new String[] {"cluster", "list"});
        a.put("brokerStatus", new String[] {"broker", "status"});
        a.put("getBrokerConfig", new String[] {"broker", "config", "get"});
        a.put("updateBrokerConfig", new String[] {"broker", "config", "set"});
        a.put("updateTopic", new String[] {"topic", "create"});
        a.put("deleteTopic", new String[] {"topic", "delete"});
        a.put("topicList", new String[] {"topic", "list"});
        a.put("topicRoute", new String[] {"topic", "describe"});
        a.put("topicStatus", new String[] {"topic", "describe"});
        a.put("updateSubGroup", new String[] {"group", "create"});
        a.put("deleteSubGroup", new String[] {"group", "delete"});
        a.put("consumerProgress", new String[] {"group", "describe"});
        a.put("consumerConnection", new String[] {"group", "describe"});
        a.put("resetOffsetByTime", new String[] {"group", "reset-offsets"});
        a.put("queryMsgById", new String[] {"message", "get"});
        a.put("queryMsgByKey", new String[] {"message", "get"});
        a.put("queryMsgByUniqueKey", new String[] {"message", "get"});
        a.put("queryMsgByOffset", new String[] {"message", "get"});
        a.put("printMsg", new String[] {"message", "print"});
        a.put("sendMessage", new String[] {"message", "send"});
        a.put("updateKvConfig", new String[] {"kv", "set"});
        a.put("deleteKvConfig", new String[] {"kv", "delete"});
        return a;
    }

    /**
     * Adds {@code admin} with its aliases to the root command. Call before the root's settings (output,
     * handlers) are set, so that they reach the admin commands too.
     */
    public static CommandLine addTo(CommandLine root) {
        CommandLine admin = new CommandLine(new AdminCommand());
        ALIASES.forEach((alias, path) -> admin.addSubcommand(alias, aliasOf(admin, alias, path)));
        admin.addSubcommand("aliases", new CommandLine(new Aliases()));
        root.addSubcommand(admin);
        return root;
    }

    /**
     * A hidden command that runs the noun-verb command it stands for with all its arguments, in a fresh copy
     * of the command tree (picocli cannot run a second parse inside one), so that the work, the option names
     * and the error messages are that command's own.
     */
    private static CommandLine aliasOf(CommandLine admin, String alias, String[] path) {
        String[][] given = {new String[0]};
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(
                (Callable<Integer>) () -> {
                    CommandLine root = admin.getParent();
                    CommandLine copy = new CommandLine(CommandLine.Model.CommandSpec.create().name(
                            root.getCommandName()));
                    copy.addSubcommand(new CommandLine(new AdminCommand()));
                    copy.setOut(admin.getOut()).setErr(admin.getErr())
                            .setCaseInsensitiveEnumValuesAllowed(admin.isCaseInsensitiveEnumValuesAllowed())
                            .setExecutionExceptionHandler(admin.getExecutionExceptionHandler())
                            .setParameterExceptionHandler(oneLineUsageErrors(root.getParameterExceptionHandler()));
                    List<String> args = new ArrayList<>();
                    args.add(admin.getCommandName());
                    args.addAll(List.of(path));
                    args.addAll(List.of(given[0]));
                    given[0] = new String[0];
                    return copy.execute(args.toArray(String[]::new));
                });
        spec.name(alias).usageMessage().hidden(true).description("The same as 'apogee admin " + String.join(" ", path)
                + "'.");
        spec.parser().unmatchedArgumentsAllowed(true).unmatchedOptionsArePositionalParams(true);
        spec.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding.forStringArrayConsumer(
                new CommandLine.Model.ISetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T set(T value) {
                        given[0] = value == null ? new String[0] : (String[]) value;
                        return null;
                    }
                }));
        return new CommandLine(spec);
    }

    /**
     * Wraps the root's usage-error handler: under {@code admin} a mistake is one line (the mistake and where
     * to find help) and exit code 2; elsewhere the wrapped handler decides.
     */
    public static CommandLine.IParameterExceptionHandler oneLineUsageErrors(
            CommandLine.IParameterExceptionHandler others) {
        return (e, args) -> {
            CommandLine failed = e.getCommandLine();
            if (!isUnderAdmin(failed)) {
                return others.handleParseException(e, args);
            }
            PrintWriter err = failed.getErr();
            err.println(AdminOptions.path(failed) + ": " + e.getMessage().replace('\n', ' ')
                    + " (see --help)");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        };
    }

    private static boolean isUnderAdmin(CommandLine line) {
        for (CommandLine c = line; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof AdminCommand) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of cluster, broker, topic, "
                + "group, message, kv");
    }

    /** {@code apogee admin aliases}: the mqadmin names and what they run. */
    @Command(name = "aliases", description = "mqadmin command names and the commands they run.")
    static final class Aliases implements Runnable {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Table table = new Table("mqadmin", "apogee admin");
            ALIASES.forEach((alias, path) -> table.row(alias, String.join(" ", path)));
            table.print(spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
        }
    }
}
