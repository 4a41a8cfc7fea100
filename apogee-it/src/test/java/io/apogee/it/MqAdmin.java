package io.apogee.it;

import io.apogee.remoting.QuickClientShutdown;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.srvutil.ServerUtil;
import org.apache.rocketmq.tools.command.MQAdminStartup;
import org.apache.rocketmq.tools.command.SubCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * RocketMQ 5.3.3's {@code mqadmin}, run in this JVM: the same sub-command classes and option parsing
 * that {@code MQAdminStartup} uses, without its {@code System.exit} on a bad option. What a command
 * prints (standard output and standard error, where its caught exceptions go) is returned as text.
 *
 * <p>Thread safety: one command at a time; standard output is swapped while a command runs.
 */
final class MqAdmin {

    private static final Map<String, SubCommand> COMMANDS = commands();
    /** A line of this JVM's own log (the servers run in it), which is not the command's output. */
    private static final Pattern LOG_LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) .*\\R?");

    private final String namesrvAddr;

    MqAdmin(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    /** Every sub-command {@code MQAdminStartup} knows, by name. */
    private static Map<String, SubCommand> commands() {
        MQAdminStartup.initCommand();
        Map<String, SubCommand> byName = new HashMap<>();
        for (SubCommand command : Registered.all()) {
            byName.put(command.commandName(), command);
        }
        return byName;
    }

    /** A new instance of the named sub-command: some keep their clients in fields, good for one run. */
    private static SubCommand fresh(String name) {
        SubCommand registered = COMMANDS.get(name);
        if (registered == null) {
            throw new IllegalArgumentException("mqadmin has no sub-command " + name);
        }
        try {
            return registered.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create mqadmin " + name, e);
        }
    }

    /** Gives this class the sub-command list {@code MQAdminStartup} keeps for itself. */
    private static final class Registered extends MQAdminStartup {
        static Iterable<SubCommand> all() {
            return SUB_COMMANDS;
        }
    }

    /**
     * Runs {@code commandLine} (a sub-command and its options, split on spaces) against the name server,
     * as {@code mqadmin -n ADDR ...} would, and returns what it printed. A command that fails prints its
     * exception, as {@code mqadmin} does.
     */
    String run(String commandLine) {
        return run(commandLine, null);
    }

    /** As {@link #run(String)}, signing every request with {@code hook}, as mqadmin does with ACL credentials. */
    synchronized String run(String commandLine, RPCHook hook) {
        String[] words = commandLine.trim().split("\\s+");
        SubCommand command = fresh(words[0]);
        String[] args = Arrays.copyOfRange(words, 1, words.length + 2);
        args[args.length - 2] = "-n";
        args[args.length - 1] = namesrvAddr;
        Options options = command.buildCommandlineOptions(ServerUtil.buildCommandlineOptions(new Options()));
        CommandLine parsed;
        try {
            parsed = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            throw new IllegalArgumentException("mqadmin " + commandLine + ": " + e.getMessage(), e);
        }
        // mqadmin reads the name server from this property too; set only while the command runs, as other
        // tests in this JVM check what a client does without one.
        String previous = System.setProperty(MixAll.NAMESRV_ADDR_PROPERTY, namesrvAddr);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            QuickClientShutdown.run(() -> {
                command.execute(parsed, options, hook);
                return null;
            });
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            e.printStackTrace(capture);
        } finally {
            System.setOut(out);
            System.setErr(err);
            if (previous == null) {
                System.clearProperty(MixAll.NAMESRV_ADDR_PROPERTY);
            } else {
                System.setProperty(MixAll.NAMESRV_ADDR_PROPERTY, previous);
            }
        }
        String text = LOG_LINE.matcher(printed.toString(StandardCharsets.UTF_8)).replaceAll("");
        out.println("mqadmin " + commandLine + "\n" + text);
        return text;
    }
}
