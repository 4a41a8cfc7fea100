package io.apogee.cli.bench;

import io.apogee.client.ClientException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every bench mode does around its load: check the options (a wrong one is a usage error, exit code
 * 2), keep stdout for the report, run, print the report, and answer 0, or 1 when the report failed or the
 * servers could not be used (one line saying why, not a stack trace).
 *
 * <p>Thread safety: picocli calls {@link #call()} once, on the thread that runs the command line.
 */
abstract class BenchMode implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    /** Tells this run's messages from any other's; never 0, which means "any run". */
    final long runId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

    @Override
    public final Integer call() throws Exception {
        common.validate(spec);
        validate();
        BenchLogging.toStandardError();
        Report report = new Report();
        report.put("mode", spec.name()).put("topic", common.topic).put("run_id", Long.toHexString(runId));
        try {
            run(report);
        } catch (ClientException e) {
            err().println("apogee bench " + spec.name() + ": " + e.getMessage());
            err().flush();
            return 1;
        }
        report.print(spec.commandLine().getOut(), common.json());
        for (String failure : report.failures()) {
            err().println("apogee bench " + spec.name() + ": FAILED: " + failure);
        }
        err().flush();
        return report.exitCode();
    }

    /** Checks this mode's own options; throws a picocli ParameterException for a wrong one. */
    abstract void validate();

    /** Runs the load, bounded by its options and the time limit, and puts its figures into {@code report}. */
    abstract void run(Report report) throws Exception;

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Ticker ticker() {
        return new Ticker(err(), "bench " + spec.name(), common.timeLimitSeconds);
    }

    /** The topic's readable queues, after creating it if needed. */
    int ensureTopic() {
        return BenchTopic.ensure(common.server(), common.topic, common.queues, common.topicAttributes, common.cluster);
    }
}
