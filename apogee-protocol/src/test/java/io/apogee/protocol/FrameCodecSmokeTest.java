package io.apogee.protocol;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FrameCodecSmokeTest {

    @Test
    void requestSurvivesBothHeaderTypes() {
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand request = RemotingCommand.request(310).serializeType(type)
                    .putExtField("b", "TopicA").remark("hello").body("body".getBytes(StandardCharsets.UTF_8));
            RemotingCommand decoded = FrameCodec.decodeFrame(ByteBuffer.wrap(FrameCodec.encode(request)));
            assertThat(decoded.code()).isEqualTo(310);
            assertThat(decoded.serializeType()).isEqualTo(type);
            assertThat(decoded.remark()).isEqualTo("hello");
            assertThat(decoded.extFields()).containsEntry("b", "TopicA");
            assertThat(decoded.opaque()).isEqualTo(request.opaque());
            assertThat(new String(decoded.body(), StandardCharsets.UTF_8)).isEqualTo("body");
        }
    }
}
