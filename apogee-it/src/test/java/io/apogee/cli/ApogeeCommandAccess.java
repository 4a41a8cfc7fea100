package io.apogee.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** The launcher's configured command line, for tests in other packages. */
public final class ApogeeCommandAccess {

    private ApogeeCommandAccess() {
    }

    public static CommandLine commandLine() {
        return ApogeeCommand.commandLine();
    }

    /** What one in-process run of the command line answered. */
    public record Run(int exit, String out, String err) {
    }

    /** Runs {@code apogee <args>} in this JVM and captures its exit code, stdout and stderr. */
    public static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
