package io.apogee.cli.bench;

import io.apogee.protocol.body.ConsumeFromWhere;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code apogee bench e2e}: a producer and a consumer in this process. Every acknowledged message must
 * arrive, once: after the sending ends the run waits ({@code --drain}) until all have, lingers a moment for
 * late duplicates, and reports what was lost (acknowledged, never received) and duplicated, with the
 * end-to-end latency from the send time each message carries to its delivery to the listener.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "Produce and consume together; report lost and duplicated messages and end-to-end latency.")
final class E2eCommand extends BenchMode {

    /**
     * The topic without {@code -t}: not produce's and consume's, whose backlog a new group would read first (a
     * young queue is read from its start), holding this run's messages behind it for seconds.
     */
    static final String DEFAULT_TOPIC = "BenchE2eTopic";

    @Mixin
    SendOptions send;

    @Mixin
    ReceiveOptions receive;

    @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "30",
            description = "After sending, wait this long at most for every acknowledged message (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--linger", paramLabel = "MILLIS", defaultValue = "1000",
            description = "Then keep consuming this long to catch late duplicates (default: ${DEFAULT-VALUE}).")
    long lingerMillis;

    @Override
    void validate() {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--topic")) {
            common.topic = DEFAULT_TOPIC;
        }
        send.validate(spec);
        receive.validate(spec);
        Checks.positive(spec, "--drain", drainSeconds);
        Checks.notNegative(spec, "--linger", lingerMillis);
        if (send.send == SendOptions.SendMode.oneway) {
            throw new ParameterException(spec.commandLine(),
                    "--send oneway has no acknowledgement to check deliveries against; use sync, async or batch");
        }
    }

    @Override
    void run(Report report) throws Exception {
        int queues = ensureTopic();
        String group = receive.groupOr("bench-e2e-" + Long.toHexString(runId));
        report.put("queues", queues).put("driver", common.client.name()).put("send", send.send.name()).put("threads", send.threads)
                .put("size", send.size).put("rate_target", send.rate)
                .put("consumer", receive.consumer.name().toLowerCase(Locale.ROOT)).put("group", group);
        SeqBitmap acknowledgedSeqs = new SeqBitmap();
        ProcessUsage usage = new ProcessUsage(common.brokerPid);
        Ticker ticker = ticker();
        // A new group starts at messages stored from a moment before this run, so that none of this run's can
        // slip past it however late its rebalance; older messages of the topic are read and set aside as foreign.
        ClientDriver driver = common.driver();
        Receiver receiver = new Receiver(receive, driver, common.topic, group,
                ConsumeFromWhere.CONSUME_FROM_TIMESTAMP, System.currentTimeMillis() - 1_000, runId);
        try {
            receiver.start();
            ticker.run("join", TimeUnit.SECONDS.toNanos(30), () -> receiver.assignedQueues() > 0,
                    seconds -> "consumer holds " + receiver.assignedQueues() + " queues");
            try (SendLoad load = new SendLoad(send, driver, common.topic, runId, acknowledgedSeqs)) {
                SendProgress sending = new SendProgress(load);
                ReceiveProgress receiving = new ReceiveProgress(receiver);
                SendPhases.run(send, load, usage, ticker, report,
                        (seconds, measured) -> sending.line(seconds, measured) + " | " + receiving.line(seconds, measured),
                        receiver::measureLatencyFrom);
            }
            ReceiveProgress progress = new ReceiveProgress(receiver);
            long drainStart = System.nanoTime();
            ticker.run("drain", TimeUnit.SECONDS.toNanos(drainSeconds), () -> allArrived(acknowledgedSeqs, receiver),
                    seconds -> progress.line(seconds, true));
            report.put("drain_s", Report.round((System.nanoTime() - drainStart) / 1e9));
            if (lingerMillis > 0) {
                ticker.run("linger", TimeUnit.MILLISECONDS.toNanos(lingerMillis), () -> false,
                        seconds -> progress.line(seconds, true));
            }
        } finally {
            receiver.close();
        }
        long lost = acknowledgedSeqs.countNotIn(receiver.ownRun());
        report.put("received", receiver.received() - receiver.foreign())
                .put("unique", receiver.unique())
                .put("lost", lost)
                .put("duplicates", receiver.duplicates())
                .put("received_unacknowledged", receiver.ownRun().countNotIn(acknowledgedSeqs))
                .put("foreign", receiver.foreign())
                .put("e2e_latency", Latency.summary(receiver.latency().total()));
        if (lost > 0) {
            report.fail(lost + " acknowledged messages were not received");
        }
        if (receiver.duplicates() > receive.maxDuplicates) {
            report.fail(receiver.duplicates() + " duplicates (limit " + receive.maxDuplicates + ")");
        }
    }

    private static boolean allArrived(SeqBitmap acknowledged, Receiver receiver) {
        // The count comparison is cheap and necessary; the scan runs only once it holds.
        return receiver.unique() >= acknowledged.size() && acknowledged.countNotIn(receiver.ownRun()) == 0;
    }
}
