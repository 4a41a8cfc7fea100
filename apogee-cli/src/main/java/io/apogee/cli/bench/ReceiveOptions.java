package io.apogee.cli.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** How the consuming side of consume and e2e receives. */
final class ReceiveOptions {

    /** The largest consumeMessageBatchMaxSize both clients accept. */
    static final int MAX_CONSUME_BATCH = 1024;

    /** The consumer kind. */
    enum ConsumerKind { PUSH, LITE_PULL }

    @Option(names = "--consumer", paramLabel = "KIND", defaultValue = "push", converter = KindConverter.class,
            description = "push or lite-pull (default: ${DEFAULT-VALUE}).")
    ConsumerKind consumer;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP",
            description = "Consumer group (default: a new one for this run).")
    String group;

    @Option(names = "--consume-threads", paramLabel = "N", defaultValue = "0",
            description = "Push consumer's consume threads (default: the client's, 20).")
    int consumeThreads;

    @Option(names = "--consume-batch", paramLabel = "N", defaultValue = "1",
            description = "Push consumer's messages per listener call (consumeMessageBatchMaxSize, at most 1024; "
                    + "default: ${DEFAULT-VALUE}, the client's). The client hands each call to a consume thread, "
                    + "so larger batches spend less of the load generator's CPU per message.")
    int consumeBatch;

    @Option(names = "--filter", paramLabel = "EXPR", defaultValue = "*",
            description = "Tag expression to subscribe with (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--max-duplicates", paramLabel = "N", defaultValue = "0",
            description = "Messages received twice that the run tolerates (default: ${DEFAULT-VALUE}).")
    long maxDuplicates;

    void validate(CommandSpec spec) {
        Checks.notNegative(spec, "--consume-threads", consumeThreads);
        Checks.notNegative(spec, "--max-duplicates", maxDuplicates);
        if (consumeBatch < 1 || consumeBatch > MAX_CONSUME_BATCH) {
            throw new ParameterException(spec.commandLine(),
                    "--consume-batch must be between 1 and " + MAX_CONSUME_BATCH + ", not " + consumeBatch);
        }
    }

    String groupOr(String fresh) {
        return group != null ? group : fresh;
    }

    /** Reads the consumer kind as the user writes it. */
    static final class KindConverter implements ITypeConverter<ConsumerKind> {
        @Override
        public ConsumerKind convert(String value) {
            return switch (value) {
                case "push" -> ConsumerKind.PUSH;
                case "lite-pull" -> ConsumerKind.LITE_PULL;
                default -> throw new TypeConversionException("expected push or lite-pull, not '" + value + "'");
            };
        }
    }
}
