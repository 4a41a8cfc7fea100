package io.apogee.cli.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks of option values, failing as a usage error (exit code 2) that names the option. */
final class Checks {

    private Checks() {
    }

    static void positive(CommandSpec spec, String option, long value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be positive, not " + value);
        }
    }

    static void notNegative(CommandSpec spec, String option, double value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), option + " must not be negative, not " + value);
        }
    }
}
