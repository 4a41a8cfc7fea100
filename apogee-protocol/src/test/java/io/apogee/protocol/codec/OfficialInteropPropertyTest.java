package io.apogee.protocol.codec;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random commands cross between Apogee's codec and the official RemotingCommand in both
 * directions and both header types, field for field.
 */
class OfficialInteropPropertyTest {

    @Provide
    Arbitrary<RemotingCommand> anyCommand() {
        return Arbitraries.oneOf(CommandArbitraries.commands(SerializeType.JSON),
                CommandArbitraries.commands(SerializeType.ROCKETMQ));
    }

    @Property(tries = 300)
    void officialDecodesWhatApogeeEncodes(@ForAll("anyCommand") RemotingCommand command) throws Exception {
        byte[] frame = FrameCodec.encode(command);
        ByteBuffer withoutLength = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
        org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(withoutLength);
        RemotingCommand expected = CommandArbitraries.expectedAfterTrip(command);
        assertThat(official.getCode()).isEqualTo(expected.code());
        assertThat(official.getOpaque()).isEqualTo(expected.opaque());
        assertThat(official.getFlag()).isEqualTo(expected.flag());
        assertThat(official.getVersion()).isEqualTo(expected.version());
        assertThat(official.getLanguage().name()).isEqualTo(expected.language().name());
        assertThat(official.getRemark()).isEqualTo(expected.remark());
        assertThat(emptyIfNull(official.getExtFields())).isEqualTo(emptyIfNull(expected.extFields()));
        assertThat(official.getBody()).isEqualTo(expected.body());
        assertThat(official.getSerializeTypeCurrentRPC().name()).isEqualTo(expected.serializeType().name());
    }

    @Property(tries = 300)
    void apogeeDecodesWhatOfficialEncodes(@ForAll("anyCommand") RemotingCommand command) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(command.code(), null);
        official.setOpaque(command.opaque());
        official.setFlag(command.flag());
        official.setVersion(command.version());
        official.setLanguage(org.apache.rocketmq.remoting.protocol.LanguageCode.valueOf(command.language().name()));
        official.setRemark(command.remark());
        official.setExtFields(command.extFields() == null ? null : new HashMap<>(command.extFields()));
        official.setBody(command.body());
        official.setSerializeTypeCurrentRPC(
                org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(command.serializeType().name()));
        ByteBuffer encoded = official.encode();
        RemotingCommand decoded = FrameCodec.decodeFrame(encoded);
        RemotingCommand expected = CommandArbitraries.expectedAfterTrip(command);
        assertThat(decoded.code()).isEqualTo(expected.code());
        assertThat(decoded.opaque()).isEqualTo(expected.opaque());
        assertThat(decoded.flag()).isEqualTo(expected.flag());
        assertThat(decoded.version()).isEqualTo(expected.version());
        assertThat(decoded.language()).isEqualTo(expected.language());
        assertThat(decoded.remark()).isEqualTo(expected.remark());
        assertThat(emptyIfNull(decoded.extFields())).isEqualTo(emptyIfNull(expected.extFields()));
        assertThat(decoded.body()).isEqualTo(expected.body());
        assertThat(decoded.serializeType()).isEqualTo(expected.serializeType());
    }

    /**
     * The official binary decoder keeps a zero-length key or value as a null entry where Apogee
     * drops it; both mean "absent", so compare without them.
     */
    private static java.util.Map<String, String> emptyIfNull(java.util.Map<String, String> fields) {
        java.util.Map<String, String> present = new HashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> {
                if (k != null && v != null) {
                    present.put(k, v);
                }
            });
        }
        return present;
    }
}
