package io.apogee.client.message;

import io.apogee.client.Collector;
import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.message.BatchMessage;
import io.apogee.protocol.message.BatchMessageCodec;
import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.MessageChecksum;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.protocol.message.OffsetMessageId;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.protocol.message.StoredMessageLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageDecoderTest {

    private static final HostAddress BROKER = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);
    private static final HostAddress OTHER_BROKER = new HostAddress(new byte[] {10, 0, 0, 7}, 10911);
    private static final HostAddress V6_BROKER = new HostAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 1}, 10911);
    private static final HostAddress PRODUCER = new HostAddress(new byte[] {127, 0, 0, 1}, 50001);
    private static final HostAddress OTHER_PRODUCER = new HostAddress(new byte[] {127, 0, 0, 1}, 50002);

    @Test
    void everyFieldOfEveryRecordIsDecodedWhereTopicsAndHostsRepeatAndChange() {
        List<StoredMessage> stored = new ArrayList<>();
        stored.add(record(0, "Orders", PRODUCER, BROKER, Map.of("TAGS", "a", "UNIQ_KEY", "ID0")));
        stored.add(record(1, "Orders", PRODUCER, BROKER, Map.of("TAGS", "b")));
        stored.add(record(2, "Refunds", PRODUCER, BROKER, Map.of()));
        stored.add(record(3, "Orders", OTHER_PRODUCER, BROKER, Map.of("KEYS", "k")));
        stored.add(record(4, "Orders", OTHER_PRODUCER, OTHER_BROKER, Map.of("TAGS", "日本")));
        stored.add(record(5, "Ordert", OTHER_PRODUCER, V6_BROKER, Map.of()));
        stored.add(record(6, "Orders", PRODUCER, BROKER, Map.of()));

        List<MessageExt> decoded = MessageDecoder.decodeAll(StoredMessageCodec.encodeAll(stored), "broker-a");

        assertThat(decoded).hasSize(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            StoredMessage s = stored.get(i);
            MessageExt m = decoded.get(i);
            assertThat(m.getTopic()).isEqualTo(s.topic());
            assertThat(m.getProperties()).containsExactlyEntriesOf(s.propertyMap());
            assertThat(m.getBody()).isEqualTo(s.body());
            assertThat(m.getBornHost()).isEqualTo(s.bornHost().toString());
            assertThat(m.getStoreHost()).isEqualTo(s.storeHost().toString());
            assertThat(m.getOffsetMsgId()).isEqualTo(s.offsetMessageId());
            assertThat(OffsetMessageId.decode(m.getOffsetMsgId())).isEqualTo(
                    new OffsetMessageId(s.storeHost(), s.physicalOffset()));
            assertThat(m.getBrokerName()).isEqualTo("broker-a");
            assertThat(m.getQueueId()).isEqualTo(s.queueId());
            assertThat(m.getQueueOffset()).isEqualTo(s.queueOffset());
            assertThat(m.getCommitLogOffset()).isEqualTo(s.physicalOffset());
            assertThat(m.getSysFlag()).isEqualTo(s.sysFlag());
            assertThat(m.getFlag()).isEqualTo(s.flag());
            assertThat(m.getBornTimestamp()).isEqualTo(s.bornTimestamp());
            assertThat(m.getStoreTimestamp()).isEqualTo(s.storeTimestamp());
            assertThat(m.getReconsumeTimes()).isEqualTo(s.reconsumeTimes());
            assertThat(m.getBodyCRC()).isEqualTo(s.bodyCrc());
        }
        assertThat(decoded.get(0).getMsgId()).isEqualTo("ID0");
        assertThat(decoded.get(1).getMsgId()).isEqualTo(stored.get(1).offsetMessageId());
    }

    @Test
    void aMessageOwnsItsBodyAndProperties() {
        byte[] body = StoredMessageCodec.encodeAll(List.of(record(0, "T", PRODUCER, BROKER, Map.of("TAGS", "a")),
                record(1, "T", PRODUCER, BROKER, Map.of("TAGS", "a"))));
        List<MessageExt> decoded = MessageDecoder.decodeAll(body, "b");

        decoded.get(0).getBody()[0] = 'X';
        decoded.get(0).putProperty("TAGS", "changed");

        assertThat(new String(decoded.get(1).getBody(), StandardCharsets.UTF_8)).isEqualTo("body 1");
        assertThat(decoded.get(1).getTags()).isEqualTo("a");
    }

    @Test
    void theFirstRecordAloneIsDecodedForATransactionCheck() {
        StoredMessage half = record(9, "Half", PRODUCER, BROKER, Map.of("TRAN_MSG", "true"));
        MessageExt m = MessageDecoder.decodeFirst(StoredMessageCodec.encode(half), "broker-b");
        assertThat(m.getTopic()).isEqualTo("Half");
        assertThat(m.getProperty("TRAN_MSG")).isEqualTo("true");
        assertThat(m.getCommitLogOffset()).isEqualTo(half.physicalOffset());
        assertThat(m.getBrokerName()).isEqualTo("broker-b");
    }

    @Test
    void aTruncatedBodyIsAProtocolErrorNamingWhere() {
        byte[] whole = StoredMessageCodec.encodeAll(List.of(record(0, "T", PRODUCER, BROKER, Map.of()),
                record(1, "T", PRODUCER, BROKER, Map.of())));
        byte[] torn = Arrays.copyOf(whole, whole.length - 3);
        int second = whole.length / 2;

        assertThatThrownBy(() -> MessageDecoder.decodeAll(torn, "b"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed stored message at " + second);
    }

    @Test
    void propertiesThatRepeatChangeOrKeepTheirLengthWithOtherBytesAreEachDecodedAsWritten() {
        List<String> raw = List.of(
                "TAGS\u0001aa\u0002K1\u0001v\u0002",
                "TAGS\u0001bb\u0002K2\u0001v\u0002",
                "TAGS\u0001bb\u0002K2\u0001v\u0002",
                "WAIT\u0001true\u0002",
                "",
                "名前\u0001値\u0002\u0001empty name\u0002no separator\u0002empty value\u0001\u0002\u0002",
                "TAGS\u0001aa\u0002K1\u0001v",
                "K\u0001abc\u0002",
                "K\u0001xbc\u0002",
                "K\u0001xby\u0002");
        assertDecodedAsTheStringCodecDoes(raw);
    }

    @Property(tries = 200)
    void anyPropertiesDecodeAsTheStringCodecDecodesThem(
            @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 40) @Chars({'a', 'b', 'é', '日', '\u0001', '\u0002'}) String> raw) {
        assertDecodedAsTheStringCodecDoes(raw);
    }

    @Test
    void theOffsetIdIsBuiltWhenAskedForAndAnExplicitOneWins() {
        StoredMessage s = record(3, "T", PRODUCER, BROKER, Map.of());
        MessageExt m = MessageDecoder.decodeFirst(StoredMessageCodec.encode(s), "b");
        assertThat(m.getMsgId()).isEqualTo(s.offsetMessageId());
        m.setOffsetMsgId("explicit");
        assertThat(m.getOffsetMsgId()).isEqualTo("explicit");
    }

    private static void assertDecodedAsTheStringCodecDoes(List<String> raw) {
        List<StoredMessage> stored = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            StoredMessage r = record(i, "T", PRODUCER, BROKER, Map.of());
            byte[] body = r.body();
            stored.add(new StoredMessage(r.magic(), r.bodyCrc(), r.queueId(), r.flag(), r.queueOffset(),
                    r.physicalOffset(), r.sysFlag(), r.bornTimestamp(), r.bornHost(), r.storeTimestamp(),
                    r.storeHost(), r.reconsumeTimes(), r.preparedTransactionOffset(), body, r.topic(), raw.get(i)));
        }
        List<MessageExt> decoded = MessageDecoder.decodeAll(StoredMessageCodec.encodeAll(stored), "b");
        for (int i = 0; i < raw.size(); i++) {
            assertThat(decoded.get(i).getProperties()).as("record %d: %s", i, raw.get(i))
                    .containsExactlyEntriesOf(MessageProperties.decode(raw.get(i)));
        }
    }

    @Test
    void aRocketMqInnerBatchBecomesItsMessagesWithConsecutiveQueueOffsets() {
        List<BatchMessage> parts = List.of(
                new BatchMessage(0, "first".getBytes(StandardCharsets.UTF_8),
                        MessageProperties.encode(Map.of("TAGS", "a", "UNIQ_KEY", "U0"))),
                new BatchMessage(7, "second".getBytes(StandardCharsets.UTF_8),
                        MessageProperties.encode(Map.of("TAGS", "b", "UNIQ_KEY", "U1", "k", "v"))),
                new BatchMessage(0, new byte[0], MessageProperties.encode(Map.of("UNIQ_KEY", "U2"))));
        StoredMessage before = record(0, "Orders", PRODUCER, BROKER, Map.of("UNIQ_KEY", "P0"));
        StoredMessage batch = innerBatch(BatchMessageCodec.encode(parts), 40,
                MessageSysFlag.INNER_BATCH_FLAG | MessageSysFlag.NEED_UNWRAP_FLAG);
        StoredMessage after = record(2, "Orders", PRODUCER, BROKER, Map.of("UNIQ_KEY", "P2"));

        List<MessageExt> decoded = MessageDecoder.decodeAll(StoredMessageCodec.encodeAll(List.of(before, batch,
                after)), "broker-a");

        assertThat(decoded).extracting(MessageExt::getMsgId).containsExactly("P0", "U0", "U1", "U2", "P2");
        List<MessageExt> inner = decoded.subList(1, 4);
        assertThat(inner).extracting(MessageExt::getQueueOffset).containsExactly(40L, 41L, 42L);
        assertThat(inner).extracting(Collector::body).containsExactly("first", "second", "");
        assertThat(inner).extracting(MessageExt::getFlag).containsExactly(0, 7, 0);
        assertThat(inner.get(1).getProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("TAGS", "b", "UNIQ_KEY", "U1", "k", "v"));
        assertThat(inner).allSatisfy(m -> {
            assertThat(m.getTopic()).isEqualTo(batch.topic());
            assertThat(m.getQueueId()).isEqualTo(batch.queueId());
            assertThat(m.getCommitLogOffset()).isEqualTo(batch.physicalOffset());
            assertThat(m.getStoreTimestamp()).isEqualTo(batch.storeTimestamp());
            assertThat(m.getBornTimestamp()).isEqualTo(batch.bornTimestamp());
            assertThat(m.getBornHost()).isEqualTo(batch.bornHost().toString());
            assertThat(m.getStoreHost()).isEqualTo(batch.storeHost().toString());
            assertThat(m.getBrokerName()).isEqualTo("broker-a");
            assertThat(m.getOffsetMsgId()).isEqualTo(batch.offsetMessageId());
            assertThat(m.getProperty("INNER_NUM")).isNull();
        });
    }

    @Test
    void aRecordIsUnwrappedOnlyWhenItIsMarkedAsAnInnerBatchToUnwrapAndItsBodyIsOne() {
        byte[] batchBody = BatchMessageCodec.encode(List.of(
                new BatchMessage(0, "x".getBytes(StandardCharsets.UTF_8), ""),
                new BatchMessage(0, "y".getBytes(StandardCharsets.UTF_8), "")));
        StoredMessage notToUnwrap = innerBatch(batchBody, 10, MessageSysFlag.INNER_BATCH_FLAG);
        StoredMessage notABatch = innerBatch("plain text".getBytes(StandardCharsets.UTF_8), 12,
                MessageSysFlag.INNER_BATCH_FLAG | MessageSysFlag.NEED_UNWRAP_FLAG);

        List<MessageExt> decoded = MessageDecoder.decodeAll(StoredMessageCodec.encodeAll(List.of(notToUnwrap,
                notABatch)), "broker-a");

        assertThat(decoded).extracting(MessageExt::getQueueOffset).containsExactly(10L, 12L);
        assertThat(decoded.get(0).getBody()).isEqualTo(batchBody);
        assertThat(Collector.body(decoded.get(1))).isEqualTo("plain text");
    }

    /** A record as Apache RocketMQ 5 stores a batch sent to a BatchCQ topic. */
    private static StoredMessage innerBatch(byte[] body, long queueOffset, int sysFlag) {
        return new StoredMessage(StoredMessageLayout.MAGIC_V1, MessageChecksum.crc32(body), 3, 0, queueOffset,
                8192L, sysFlag, 1_700_000_000_100L, OTHER_PRODUCER, 1_700_000_000_600L, OTHER_BROKER, 0, 0, body,
                "Batched", MessageProperties.encode(Map.of("UNIQ_KEY", "BATCH", "INNER_NUM", "3", "CLUSTER", "c")));
    }

    private static StoredMessage record(int i, String topic, HostAddress born, HostAddress store,
                                        Map<String, String> properties) {
        byte[] body = ("body " + i).getBytes(StandardCharsets.UTF_8);
        int sysFlag = (i % 2 == 0 ? 0 : MessageSysFlag.MULTI_TAGS_FLAG)
                | (store.isIpv6() ? MessageSysFlag.STOREHOSTADDRESS_V6_FLAG : 0);
        return new StoredMessage(StoredMessageLayout.MAGIC_V1, MessageChecksum.crc32(body), i % 4, i * 3,
                100 + i, 4096L * i + 7, sysFlag, 1_700_000_000_000L + i, born, 1_700_000_000_500L + i, store,
                i % 3, 0, body, topic, MessageProperties.encode(properties));
    }
}
