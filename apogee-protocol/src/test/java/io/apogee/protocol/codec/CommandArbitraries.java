package io.apogee.protocol.codec;

import io.apogee.protocol.command.LanguageCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Random commands for property tests: any code, flag and opaque, Unicode remarks, fields and bodies. */
final class CommandArbitraries {

    private CommandArbitraries() {
    }

    /** Strings that survive UTF-8 (no unpaired surrogates), including control and non-ASCII characters. */
    static Arbitrary<String> text(int maxLength) {
        return Arbitraries.oneOf(
                        Arbitraries.strings().all().ofMaxLength(maxLength),
                        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(maxLength),
                        Arbitraries.of("", "\"", "\\", "\u0001\u0002", "\u00e9t\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "a\"b\\c\n"))
                .filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }

    static Arbitrary<Map<String, String>> fields() {
        Arbitrary<Map<String, String>> map = Arbitraries.maps(text(12), text(40)).ofMaxSize(16)
                .map(HashMap::new);
        return Arbitraries.oneOf(map, Arbitraries.just(null));
    }

    /** Commands whose every field fits both header types (int16 code and version for ROCKETMQ). */
    static Arbitrary<RemotingCommand> commands(SerializeType type) {
        Arbitrary<Integer> shorts = Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
        Arbitrary<Integer> code = type == SerializeType.ROCKETMQ ? shorts : Arbitraries.integers();
        Arbitrary<Integer> version = type == SerializeType.ROCKETMQ ? shorts : Arbitraries.integers();
        Arbitrary<String> remark = Arbitraries.oneOf(text(200), Arbitraries.just(null));
        Arbitrary<byte[]> body = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                Arbitraries.just(null));
        return Combinators.combine(code, Arbitraries.integers(), Arbitraries.integers(), remark, fields(), body,
                        version, Arbitraries.of(LanguageCode.class))
                .as((c, opaque, flag, r, f, b, v, language) -> RemotingCommand.empty().code(c).opaque(opaque)
                        .flag(flag).remark(r).extFields(f).body(b == null || b.length == 0 ? null : b)
                        .version(v).language(language).serializeType(type));
    }

    /**
     * What a command reads back as after a trip through {@code type}: the binary header reads
     * zero-length strings as absent, and neither header carries an empty extFields map apart
     * from JSON's {@code {}}.
     */
    static RemotingCommand expectedAfterTrip(RemotingCommand sent) {
        RemotingCommand expected = RemotingCommand.empty().code(sent.code()).opaque(sent.opaque()).flag(sent.flag())
                .version(sent.version()).language(sent.language()).body(sent.body()).serializeType(sent.serializeType())
                .remark(sent.remark()).extFields(sent.extFields());
        if (sent.serializeType() == SerializeType.ROCKETMQ) {
            expected.remark(sent.remark() == null || sent.remark().isEmpty() ? null : sent.remark());
            if (sent.extFields() != null) {
                Map<String, String> kept = new HashMap<>();
                sent.extFields().forEach((k, v) -> {
                    if (!k.isEmpty() && !v.isEmpty()) {
                        kept.put(k, v);
                    }
                });
                expected.extFields(kept);
            }
        }
        return expected;
    }
}
