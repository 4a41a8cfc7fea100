package io.apogee.protocol.message;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GoldenMessageTest {

    static RemotingCommand frame(String prefix) {
        String index;
        try (InputStream in = GoldenMessageTest.class.getResourceAsStream("/golden/INDEX.md")) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = index.indexOf("| " + prefix + "-");
        String name = index.substring(at + 2, index.indexOf(".bin", at) + 4);
        try (InputStream in = GoldenMessageTest.class.getResourceAsStream("/golden/" + name)) {
            return FrameCodec.decodeFrame(ByteBuffer.wrap(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void pullResponseOfFiveMessagesDecodesToTheSentMessages() {
        RemotingCommand response = frame("0116");
        List<StoredMessage> messages = StoredMessageCodec.decodeAll(ByteBuffer.wrap(response.body()));

        assertThat(messages).hasSize(5);
        StoredMessage first = messages.get(0);
        assertThat(first.topic()).isEqualTo("GoldenTopic");
        assertThat(first.magic()).isEqualTo(StoredMessageLayout.MAGIC_V1);
        assertThat(messages).extracting(StoredMessage::queueOffset).containsExactly(0L, 1L, 2L, 3L, 4L);
        for (StoredMessage message : messages) {
            assertThat(message.bodyCrc()).isEqualTo(MessageChecksum.crc32(message.body()));
            assertThat(message.storeHost()).isEqualTo(new HostAddress(new byte[] {127, 0, 0, 1}, 10911));
            assertThat(message.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX)).hasSize(56);
            assertThat(message.property(MessageConst.PROPERTY_CLUSTER)).isEqualTo("DefaultCluster");
        }
        assertThat(StoredMessageCodec.encodeAll(messages)).isEqualTo(response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0117", "0118", "0119", "0132", "0138", "0139", "0199", "0230", "0232", "0234"})
    void everyCapturedStoredMessageReencodesByteIdentical(String prefix) {
        byte[] body = frame(prefix).body();
        List<StoredMessage> messages = StoredMessageCodec.decodeAll(ByteBuffer.wrap(body));
        assertThat(messages).isNotEmpty();
        assertThat(StoredMessageCodec.encodeAll(messages)).isEqualTo(body);
        StoredMessageView view = new StoredMessageView().wrap(ByteBuffer.wrap(body), 0);
        assertThat(view.isWellFormed(body.length)).isTrue();
        assertThat(view.topic()).isEqualTo(messages.get(0).topic());
        assertThat(view.physicalOffset()).isEqualTo(messages.get(0).physicalOffset());
    }

    @Test
    void syncSendIsTheFirstStoredMessageAndItsOffsetIdMatchesTheSendResponse() {
        StoredMessage stored = StoredMessageCodec.decodeAll(ByteBuffer.wrap(frame("0117").body())).get(0);
        assertThat(new String(stored.body(), StandardCharsets.UTF_8)).isEqualTo("Hello RocketMQ sync");
        assertThat(stored.physicalOffset()).isZero();
        assertThat(stored.property(MessageConst.PROPERTY_KEYS)).isEqualTo("KEY-SYNC");
        assertThat(stored.property(MessageConst.PROPERTY_TAGS)).isEqualTo("TagA");
        assertThat(stored.offsetMessageId()).isEqualTo(frame("0022").extField("msgId"));
        OffsetMessageId id = OffsetMessageId.decode("7F00000100002A9F0000000000000000");
        assertThat(id.storeHost().port()).isEqualTo(10911);
        assertThat(id.commitLogOffset()).isZero();
    }

    @Test
    void batchBodyDecodesAndReencodesByteIdentical() {
        RemotingCommand request = frame("0023");
        List<BatchMessage> batch = BatchMessageCodec.decode(ByteBuffer.wrap(request.body()));
        assertThat(batch).hasSizeGreaterThan(1);
        for (BatchMessage message : batch) {
            Map<String, String> properties = message.propertyMap();
            assertThat(properties).containsKey(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
            assertThat(properties).containsKey(MessageConst.PROPERTY_KEYS);
        }
        assertThat(BatchMessageCodec.encode(batch)).isEqualTo(request.body());
        assertThat(MessageProperties.decode(request.extField("i")))
                .containsKey(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    }

    @Test
    void sendHeaderPropertiesReencodeInTheirOriginalOrder() {
        String properties = frame("0025").extField("i");
        Map<String, String> decoded = MessageProperties.decode(properties);
        assertThat(decoded).containsEntry("color", "blue").containsEntry("KEYS", "KEY-ASYNC");
        assertThat(MessageProperties.encode(decoded)).isEqualTo(properties);
        assertThat(MessageProperties.get(properties, "color")).isEqualTo("blue");
        assertThat(MessageProperties.get(properties, "colo")).isNull();
    }

    @Test
    void sendBodyCrcMatchesTheSpecifiedMask() {
        assertThat(3966395777L & MessageChecksum.MASK).isEqualTo(1818912129L);
        byte[] body = frame("0001").body();
        assertThat(MessageChecksum.crc32(body)).isEqualTo(Integer.parseInt(frame("0001").extField("bodyCrc32")));
    }
}
