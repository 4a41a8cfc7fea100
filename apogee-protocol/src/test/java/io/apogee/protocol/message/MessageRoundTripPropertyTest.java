package io.apogee.protocol.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRoundTripPropertyTest {

    @Provide
    Arbitrary<Map<String, String>> properties() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'É', '中')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '日', '本', 'ß')
                .ofMaxLength(40);
        return Arbitraries.maps(names, values).ofMaxSize(8);
    }

    @Provide
    Arbitrary<HostAddress> hosts() {
        return Combinators.combine(Arbitraries.of(4, 16).flatMap(n -> Arbitraries.bytes().array(byte[].class)
                        .ofSize(n)), Arbitraries.integers().between(0, 65535))
                .as(HostAddress::new);
    }

    @Provide
    Arbitrary<StoredMessage> storedMessages() {
        Arbitrary<String> topics = Arbitraries.strings().withCharRange('A', 'z').withChars('%', '|', 'ü')
                .ofMinLength(1).ofMaxLength(300);
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> ints = Arbitraries.integers();
        Arbitrary<Long> longs = Arbitraries.longs();
        return Combinators.combine(topics, bodies, properties(), hosts(), hosts(), ints, longs, longs)
                .as((topic, body, props, born, store, i, l1, l2) -> {
                    int magic = StoredMessageLayout.magicFor(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                    if (magic == StoredMessageLayout.MAGIC_V1 && (i & 1) == 0) {
                        magic = StoredMessageLayout.MAGIC_V2;
                    }
                    int sysFlag = (i & 0x7CF) | (born.isIpv6() ? MessageSysFlag.BORNHOST_V6_FLAG : 0)
                            | (store.isIpv6() ? MessageSysFlag.STOREHOSTADDRESS_V6_FLAG : 0);
                    return new StoredMessage(magic, MessageChecksum.crc32(body), i >>> 3, i, l1, l2 >>> 1, sysFlag,
                            l1 ^ l2, born, l2, store, i >>> 7, l1 >>> 2, body, topic, MessageProperties.encode(props));
                });
    }

    @Property(tries = 60)
    void propertiesRoundTrip(@ForAll("properties") Map<String, String> properties) {
        assertThat(MessageProperties.decode(MessageProperties.encode(properties))).isEqualTo(properties);
    }

    @Property(tries = 60)
    void storedMessagesRoundTrip(@ForAll("storedMessages") StoredMessage message) {
        byte[] encoded = StoredMessageCodec.encode(message);
        StoredMessage decoded = StoredMessageCodec.decode(ByteBuffer.wrap(encoded));
        assertThat(decoded).isEqualTo(message);
        assertThat(StoredMessageCodec.encode(decoded)).isEqualTo(encoded);
    }

    @Property(tries = 60)
    void pullBodiesOfSeveralRecordsRoundTrip(@ForAll("storedMessages") StoredMessage a,
                                             @ForAll("storedMessages") StoredMessage b) {
        byte[] body = StoredMessageCodec.encodeAll(List.of(a, b, a));
        assertThat(StoredMessageCodec.decodeAll(ByteBuffer.wrap(body))).containsExactly(a, b, a);
    }

    /** The view reads a whole heap array directly and other buffers through their gets; both must agree. */
    @Property(tries = 60)
    void recordsReadTheSameFromAnArrayADirectBufferAndAnOffsetSlice(@ForAll("storedMessages") StoredMessage a,
                                                                   @ForAll("storedMessages") StoredMessage b) {
        byte[] body = StoredMessageCodec.encodeAll(List.of(a, b));
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip();
        byte[] padded = new byte[body.length + 9];
        System.arraycopy(body, 0, padded, 5, body.length);
        ByteBuffer offsetSlice = ByteBuffer.wrap(padded, 5, body.length).slice();
        ByteBuffer shortLimit = ByteBuffer.wrap(padded, 5, body.length);
        for (ByteBuffer buffer : List.of(ByteBuffer.wrap(body), direct, offsetSlice, shortLimit)) {
            assertThat(StoredMessageCodec.decodeAll(buffer)).containsExactly(a, b);
        }
    }

    /** One view moved from record to record must not keep the positions it read for the record before. */
    @Property(tries = 60)
    void aViewWrappedAgainReadsTheNextRecordsLayout(@ForAll("storedMessages") StoredMessage a,
                                                   @ForAll("storedMessages") StoredMessage b) {
        byte[] body = StoredMessageCodec.encodeAll(List.of(a, b));
        ByteBuffer buffer = ByteBuffer.wrap(body);
        StoredMessageView view = new StoredMessageView().wrap(buffer, 0);
        assertThat(view.properties()).isEqualTo(a.properties());
        view.wrap(buffer, view.totalSize());
        assertThat(view.isWellFormed(body.length)).isTrue();
        assertThat(view.sysFlag()).isEqualTo(b.sysFlag());
        assertThat(view.body()).isEqualTo(b.body());
        assertThat(view.topic()).isEqualTo(b.topic());
        assertThat(view.properties()).isEqualTo(b.properties());
        assertThat(view.storeTimestamp()).isEqualTo(b.storeTimestamp());
    }

    @Property(tries = 60)
    void batchesRoundTrip(@ForAll("properties") Map<String, String> p1, @ForAll("properties") Map<String, String> p2,
                          @ForAll byte[] body, @ForAll int flag) {
        List<BatchMessage> batch = List.of(new BatchMessage(flag, body, MessageProperties.encode(p1)),
                new BatchMessage(0, new byte[0], MessageProperties.encode(p2)));
        assertThat(BatchMessageCodec.decode(ByteBuffer.wrap(BatchMessageCodec.encode(batch)))).isEqualTo(batch);
    }
}
