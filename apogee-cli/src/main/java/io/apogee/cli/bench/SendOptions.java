package io.apogee.cli.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How the producing side of produce and e2e sends. */
final class SendOptions {

    /** The producer call each send makes; the names are what the user types. */
    enum SendMode { sync, async, oneway, batch }

    @Option(names = "--send", paramLabel = "MODE", defaultValue = "sync",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SendMode send;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Sending threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "1024",
            description = "Body size, at least " + Payload.HEADER_BYTES + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rate", paramLabel = "MSGS", defaultValue = "0",
            description = "Messages per second over all threads; 0 sends as fast as acknowledgements allow (default).")
    double rate;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Send exactly N messages, then stop (no warm-up); 0 sends for --duration instead.")
    long count;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured seconds of sending, after the warm-up (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds of sending before measuring, not counted (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Messages per call with --send batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "1024",
            description = "Unanswered sends at most with --send async (default: ${DEFAULT-VALUE}).")
    int inflight;

    @Option(names = "--keys", description = "Give every message a unique key, which the broker indexes.")
    boolean keys;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag of every message (default: none).")
    String tag;

    @Option(names = "--tls", description = "Send over TLS (trust and certificates from the -Dtls.client.* options; "
            + "the broker must be permissive or enforcing). Default: -Dtls.enable.")
    Boolean tls;

    @Option(names = "--send-timeout", paramLabel = "MILLIS", defaultValue = "3000",
            description = "Producer send timeout (default: ${DEFAULT-VALUE}).")
    long sendTimeoutMillis;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0",
            description = "Failed sends (exceptions and statuses other than SEND_OK) the run tolerates (default: ${DEFAULT-VALUE}).")
    long maxErrors;

    void validate(CommandSpec spec) {
        Checks.positive(spec, "--threads", threads);
        Checks.positive(spec, "--duration", durationSeconds);
        Checks.positive(spec, "--batch", batch);
        Checks.positive(spec, "--inflight", inflight);
        Checks.positive(spec, "--send-timeout", sendTimeoutMillis);
        Checks.notNegative(spec, "--rate", rate);
        Checks.notNegative(spec, "--count", count);
        Checks.notNegative(spec, "--warmup", warmupSeconds);
        Checks.notNegative(spec, "--max-errors", maxErrors);
        if (size < Payload.HEADER_BYTES) {
            throw new ParameterException(spec.commandLine(),
                    "--size must be at least " + Payload.HEADER_BYTES + " (the bench header), not " + size);
        }
        if (count > SeqBitmap.MAX_SEQ) {
            throw new ParameterException(spec.commandLine(), "--count must be at most " + SeqBitmap.MAX_SEQ);
        }
    }

    /** Messages one send call carries. */
    int messagesPerCall() {
        return send == SendMode.batch ? batch : 1;
    }
}
