package io.apogee.cli.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How the consuming side of consume and e2e receives. */
final class ReceiveOptions {

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

    @Option(names = "--filter", paramLabel = "EXPR", defaultValue = "*",
            description = "Tag expression to subscribe with (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--max-duplicates", paramLabel = "N", defaultValue = "0",
            description = "Messages received twice that the run tolerates (default: ${DEFAULT-VALUE}).")
    long maxDuplicates;

    void validate(CommandSpec spec) {
        Checks.notNegative(spec, "--consume-threads", consumeThreads);
        Checks.notNegative(spec, "--max-duplicates", maxDuplicates);
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
