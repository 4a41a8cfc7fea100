package io.apogee.cli.bench;

import io.apogee.cli.bench.compare.CompareCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code apogee bench}: load against any name server of the RocketMQ protocol (Apogee's or Apache
 * RocketMQ's), with Apogee's own client or the official one ({@code --client}). Every mode prints a progress line a second to stderr and its
 * figures at the end to stdout ({@code -o json}: one object), and exits 0, 1 when something was lost or
 * failed, or 2 for a wrong argument.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a RocketMQ-protocol cluster: produce, consume, or both end to end.",
        subcommands = {ProduceCommand.class, ConsumeCommand.class, E2eCommand.class, CompareCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing mode: produce, consume, e2e or compare");
    }
}
