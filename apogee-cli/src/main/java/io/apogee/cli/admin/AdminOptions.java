package io.apogee.cli.admin;

import io.apogee.cli.AnswerLogging;
import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.admin.Admin;
import io.apogee.protocol.ProtocolException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every admin command shares (name servers, output format), and the way each one runs:
 * open an {@link Admin}, do the work, close it; a failed operation is one line on stderr and exit
 * code 1, a usage mistake (picocli's) one line and exit code 2.
 *
 * <p>Thread safety: one command, on the calling thread.
 */
public final class AdminOptions {

    /** Exit code of an operation the servers refused or could not do. */
    static final int FAILED = 1;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-n", "--namesrv"}, paramLabel = "host:port[;host:port]",
            defaultValue = "${sys:rocketmq.namesrv.addr:-${env:NAMESRV_ADDR}}",
            description = "Name servers, ';'-separated (default: $NAMESRV_ADDR).")
    private String namesrv;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json.")
    private Output.Format format;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--timeout", defaultValue = "5000", paramLabel = "ms",
            description = "How long one request may take (default: ${DEFAULT-VALUE} ms).")
    private long timeoutMillis;

    /** The work of one command, given an open admin client and where to print. */
    interface Action {
        void run(Admin admin, Output out);
    }

    int run(Action action) {
        if (namesrv == null || namesrv.isBlank()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "no name server: give -n host:port or set NAMESRV_ADDR");
        }
        AnswerLogging.keepStdoutForAnswers();
        ClientOptions options = new ClientOptions();
        options.setNamesrvAddr(namesrv);
        options.setMqClientApiTimeout(timeoutMillis);
        Output out = new Output(format, command.commandLine().getOut());
        try (Admin admin = new Admin(options)) {
            action.run(admin, out);
            command.commandLine().getOut().flush();
            return 0;
        } catch (ClientException | ProtocolException e) {
            // A refusal, an unreachable server or an answer this client cannot read: the operation failed.
            command.commandLine().getOut().flush();
            command.commandLine().getErr().println(path(command.commandLine()) + ": " + e.getMessage());
            command.commandLine().getErr().flush();
            return FAILED;
        }
    }

    /** The command as typed, e.g. {@code apogee admin topic create}. */
    static String path(CommandLine line) {
        String path = line.getCommandName();
        for (CommandLine c = line.getParent(); c != null; c = c.getParent()) {
            path = c.getCommandName() + " " + path;
        }
        return path;
    }

    String namesrv() {
        return namesrv;
    }

    Output.Format format() {
        return format;
    }

    /** A usage mistake found after parsing (e.g. two options that exclude each other): exit code 2. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
