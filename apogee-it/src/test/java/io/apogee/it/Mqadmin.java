package io.apogee.it;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.tools.command.SubCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs one of {@code mqadmin}'s commands (RocketMQ 5.3.3's tools) in this JVM as {@code MQAdminStartup}
 * runs it: the command's own options plus {@code -n}, which sets {@code rocketmq.namesrv.addr}, then
 * {@code execute}. What it prints is captured; a failure is captured as an {@code ERROR:} line with its
 * causes instead of ending the JVM, as the tool's {@code parseCmdLine} would on bad options.
 *
 * <p>Thread safety: one command at a time (System.out and the property are process-wide).
 */
final class Mqadmin {

    private Mqadmin() {
    }

    /** The output of {@code mqadmin <command> -n namesrvAddr args...}. */
    static synchronized String run(String namesrvAddr, SubCommand command, String... args) {
        Options options = command.buildCommandlineOptions(new Options());
        options.addOption(new Option("n", "namesrvAddr", true, "name server address list"));
        String[] withNamesrv = new String[args.length + 2];
        System.arraycopy(args, 0, withNamesrv, 0, args.length);
        withNamesrv[args.length] = "-n";
        withNamesrv[args.length + 1] = namesrvAddr;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        String previousAddr = System.getProperty("rocketmq.namesrv.addr");
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine line = new DefaultParser().parse(options, withNamesrv);
            System.setProperty("rocketmq.namesrv.addr", line.getOptionValue('n'));
            command.execute(line, options, null);
        } catch (Exception e) {
            System.out.println("ERROR: " + causes(e));
        } finally {
            System.setOut(original);
            if (previousAddr == null) {
                System.clearProperty("rocketmq.namesrv.addr");
            } else {
                System.setProperty("rocketmq.namesrv.addr", previousAddr);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(" <- ");
        }
        return text.toString();
    }
}
