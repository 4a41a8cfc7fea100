package io.apogee.cli;

import picocli.CommandLine;

/** The launcher's configured command line, for tests in other packages. */
public final class ApogeeCommandAccess {

    private ApogeeCommandAccess() {
    }

    public static CommandLine commandLine() {
        return ApogeeCommand.commandLine();
    }
}
