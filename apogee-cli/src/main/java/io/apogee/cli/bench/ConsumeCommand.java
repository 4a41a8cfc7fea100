package io.apogee.cli.bench;

import io.apogee.protocol.body.ConsumeFromWhere;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.TimeUnit;

/**
 * {@code apogee bench consume}: reads the topic with a push or lite pull consumer, from a backlog (a new
 * group starts at the first message) or live, until {@code --expect} distinct bench messages arrived, for
 * {@code --duration} seconds, or until nothing arrived for {@code --idle} seconds; reports the receive rate,
 * duplicates and the latency since each message was sent (by the wall clock: the sender ran elsewhere).
 *
 * <p>With {@code --warmup-messages}, a throw-away group first reads that many messages in the same process. A
 * load generator that starts cold spends about half its CPU compiling during the seconds a million-message
 * backlog takes to read, so without it the figure is the client's compiler's as much as the broker's.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Consume messages (push or lite pull, a backlog or live) and report throughput and duplicates.")
final class ConsumeCommand extends BenchMode {

    /** Where a new group starts; the names are what the user types. */
    enum From { first, last }

    @Mixin
    ReceiveOptions receive;

    @Option(names = "--expect", paramLabel = "N", defaultValue = "0",
            description = "Stop once N distinct bench messages arrived; fewer is a failure (default: no count).")
    long expect;

    @Option(names = "--from", paramLabel = "WHERE", defaultValue = "first",
            description = "Where a new group starts: first (the backlog) or last (live) (default: ${DEFAULT-VALUE}).")
    From from;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds (default: no length; see --expect and --idle).")
    int durationSeconds;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "10",
            description = "Stop when nothing arrived for this long (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--warmup-messages", paramLabel = "N", defaultValue = "0",
            description = "First read N messages with a throw-away group in this process, then wait until the "
                    + "JIT compiled nothing for a second (at most 15 s), so that the measured run meets a "
                    + "compiled client (and broker) (default: none).")
    long warmupMessages;

    /** After a warm-up, the JIT counts as settled once it compiled nothing for this long. */
    private static final long JIT_QUIET_MILLIS = 1_000;
    /** The longest wait for the JIT to settle after a warm-up. */
    private static final long JIT_SETTLE_MAX_MILLIS = 15_000;

    @Override
    void validate() {
        receive.validate(spec);
        Checks.notNegative(spec, "--expect", expect);
        Checks.notNegative(spec, "--duration", durationSeconds);
        Checks.positive(spec, "--idle", idleSeconds);
        Checks.notNegative(spec, "--warmup-messages", warmupMessages);
    }

    @Override
    void run(Report report) throws Exception {
        int queues = ensureTopic();
        String group = receive.groupOr("bench-consumer-" + Long.toHexString(runId));
        report.put("queues", queues).put("driver", common.client.name()).put("consumer", receive.consumer.name().toLowerCase(java.util.Locale.ROOT))
                .put("group", group).put("from", from.name());
        if (warmupMessages > 0 && !warmedUp(report, group + "-warmup")) {
            return;
        }
        ProcessUsage usage = new ProcessUsage(common.brokerPid);
        long jitBefore = JitSettling.compilationMillis();
        ConsumeFromWhere where = from == From.first
                ? ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET : ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
        Receiver receiver = new Receiver(receive, common.driver(), common.topic, group, where, 0, 0);
        long start = System.nanoTime();
        usage.begin();
        receiver.start();
        ReceiveProgress progress = new ReceiveProgress(receiver);
        boolean complete;
        try {
            complete = ticker().run("consume", TimeUnit.SECONDS.toNanos(durationSeconds),
                    () -> (expect > 0 && receiver.unique() >= expect) || idle(receiver, start), seconds -> {
                usage.sample();
                return progress.line(seconds, true);
            });
            usage.end(receiver.received());
            if (jitBefore >= 0) {
                report.put("client_jit_ms", JitSettling.compilationMillis() - jitBefore);
            }
        } finally {
            receiver.close();
        }
        double span = (receiver.lastNanos() - receiver.firstNanos()) / 1e9;
        report.put("received", receiver.received())
                .put("unique", receiver.unique())
                .put("duplicates", receiver.duplicates())
                .put("foreign", receiver.foreign())
                .put("first_after_ms", receiver.firstNanos() == 0 ? null
                        : Report.round((receiver.firstNanos() - start) / 1e6))
                .put("largest_delivery", receiver.largestDelivery())
                .put("span_s", Report.round(span))
                .put("msgs_per_s", span > 0 ? Report.round(receiver.received() / span) : null)
                .put("e2e_latency", Latency.summary(receiver.latency().total()));
        usage.putInto(report);
        if (expect > 0) {
            report.put("expected", expect).put("missing", Math.max(0, expect - receiver.unique()));
            if (receiver.unique() < expect) {
                report.fail((expect - receiver.unique()) + " of " + expect + " expected messages did not arrive");
            }
        }
        if (receiver.duplicates() > receive.maxDuplicates) {
            report.fail(receiver.duplicates() + " duplicates (limit " + receive.maxDuplicates + ")");
        }
        if (!complete) {
            report.fail("stopped by --time-limit " + common.timeLimitSeconds + " s");
        }
    }

    /** Reads {@code warmupMessages} from the first offset with {@code group}; false, a failure, when fewer came. */
    private boolean warmedUp(Report report, String group) throws Exception {
        Receiver receiver = new Receiver(receive, common.driver(), common.topic, group,
                ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, 0, 0);
        long start = System.nanoTime();
        receiver.start();
        try {
            ticker().run("warm-up", 0, () -> receiver.unique() >= warmupMessages || idle(receiver, start),
                    seconds -> receiver.unique() + " of " + warmupMessages + " messages");
        } finally {
            receiver.close();
        }
        report.put("warmup_messages", receiver.unique())
                .put("warmup_s", Report.round((System.nanoTime() - start) / 1e9))
                .put("warmup_jit_settle_s",
                        Report.round(JitSettling.await(JIT_QUIET_MILLIS, JIT_SETTLE_MAX_MILLIS)));
        if (receiver.unique() < warmupMessages) {
            report.fail("the warm-up read " + receiver.unique() + " of " + warmupMessages + " messages; is the "
                    + "backlog that long?");
            return false;
        }
        return true;
    }

    /** True when nothing arrived for {@code --idle} seconds, counting from {@code start} before the first. */
    private boolean idle(Receiver receiver, long start) {
        long last = receiver.lastNanos() != 0 ? receiver.lastNanos() : start;
        return System.nanoTime() - last > TimeUnit.SECONDS.toNanos(idleSeconds);
    }
}
