package io.apogee.cli.config;

import io.apogee.common.config.ConfigKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code apogee config list}: every configuration key with its default, unit and doc line. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show Apogee's configuration keys.",
        subcommands = ConfigCommand.ListKeys.class)
public final class ConfigCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code apogee config list [--part P]... [--markdown]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every key of the name server, broker and store, with its default, unit and doc line.")
    static final class ListKeys implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--part", paramLabel = "PART", split = ",",
                description = "Only these parts: namesrv, broker, store, controller (default: all).")
        private Set<String> parts = Set.of();

        @Option(names = "--markdown", description = "Print the reference page (docs/CONFIGURATION.md) instead.")
        private boolean markdown;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (markdown) {
                out.print(ConfigReference.markdown());
                out.flush();
                return 0;
            }
            List<ConfigKey> keys = ConfigReference.keys(parts);
            int width = keys.stream().mapToInt(k -> k.name().length()).max().orElse(10);
            for (ConfigKey key : keys) {
                String value = key.defaultText() + (key.unit().isEmpty() ? "" : " " + key.unit());
                out.printf("%-8s %-" + width + "s  %-24s %s%s%n", key.part(), key.name(), value,
                        key.changeable() ? "[changeable] " : "", key.doc());
            }
            out.flush();
            return 0;
        }
    }
}
