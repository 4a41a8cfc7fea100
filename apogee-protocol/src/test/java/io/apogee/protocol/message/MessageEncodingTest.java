package io.apogee.protocol.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageEncodingTest {

    @Test
    void propertiesDecoderToleratesMissingFinalSeparatorAndEmptySegments() {
        assertThat(MessageProperties.decode("A\u0001x\u0002\u0002B\u0001y"))
                .containsExactly(Map.entry("A", "x"), Map.entry("B", "y"));
        assertThat(MessageProperties.decode("junk\u0002A\u0001\u0002")).containsExactly(Map.entry("A", ""));
        assertThat(MessageProperties.decode(null)).isEmpty();
    }

    @Test
    void propertiesScanFindsWhatTheStringDecoderFinds() {
        String text = "pad|A\u0001x\u0002\u0002junk\u0002名\u0001値\u0002\u0001\u0002B\u0001y";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int from = "pad|".length();
        Map<String, String> found = new LinkedHashMap<>();
        List<Integer> indexes = new ArrayList<>();
        MessageProperties.scan(bytes, from, bytes.length - from, (index, nameAt, nameLength, valueAt, valueLength) -> {
            indexes.add(index);
            found.put(new String(bytes, nameAt, nameLength, StandardCharsets.UTF_8),
                    new String(bytes, valueAt, valueLength, StandardCharsets.UTF_8));
        });
        assertThat(found).containsExactlyEntriesOf(MessageProperties.decode(text.substring(from)));
        assertThat(found).hasSize(4);
        assertThat(indexes).containsExactly(0, 1, 2, 3);
    }

    @Test
    void propertiesEncoderSkipsNullValuesAndTerminatesEveryEntry() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("A", "1");
        map.put("B", null);
        map.put("C", "2");
        assertThat(MessageProperties.encode(map)).isEqualTo("A\u00011\u0002C\u00012\u0002");
    }

    @Test
    void tagsCodeIsStringHashCodeSignExtended() {
        assertThat(TagHash.tagsCode("TagA")).isEqualTo("TagA".hashCode());
        assertThat(TagHash.tagsCode(null)).isZero();
        String negative = "polygenelubricants";
        assertThat(negative.hashCode()).isNegative();
        assertThat(TagHash.tagsCode(negative)).isEqualTo((long) negative.hashCode()).isNegative();
    }

    @Test
    void clientIdsCarryPrefixMonthTimeAndCounter() {
        long now = ZonedDateTime.of(2026, 11, 3, 0, 0, 1, 0, ZoneId.systemDefault()).toInstant().toEpochMilli();
        ClientMessageIdGenerator generator = new ClientMessageIdGenerator(new byte[] {10, 0, 0, 5}, 0x12345, 7,
                () -> now);
        String first = generator.next();
        String second = generator.next();
        assertThat(first).hasSize(32).startsWith("0A000005" + "2345" + "00000007");
        long sinceMonth = 2L * 24 * 3600 * 1000 + 1000;
        assertThat(first.substring(20, 28)).isEqualTo(String.format("%08X", sinceMonth));
        assertThat(first.substring(28)).isEqualTo("0000");
        assertThat(second.substring(28)).isEqualTo("0001");
        assertThat(new ClientMessageIdGenerator(new byte[16], 1, 1, () -> now).next()).hasSize(56);
        assertThat(ClientMessageIdGenerator.forThisProcess().next()).matches("[0-9A-F]{32}|[0-9A-F]{56}");
    }

    @Test
    void offsetMessageIdRoundTripsIpv6() {
        byte[] ip = new byte[16];
        ip[0] = (byte) 0xFD;
        ip[15] = 2;
        String id = OffsetMessageId.encode(new HostAddress(ip, 10911), 0x1234_5678_9ABCL);
        assertThat(id).hasSize(56).endsWith("00002A9F0000123456789ABC");
        OffsetMessageId decoded = OffsetMessageId.decode(id);
        assertThat(decoded.storeHost()).isEqualTo(new HostAddress(ip, 10911));
        assertThat(decoded.commitLogOffset()).isEqualTo(0x1234_5678_9ABCL);
    }

    @Test
    void writerComputesCrcAndSetsHostFamilyBits() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        StoredMessageWriter writer = new StoredMessageWriter().body(ByteBuffer.wrap(body))
                .topic(ByteBuffer.wrap("T".getBytes(StandardCharsets.UTF_8)))
                .bornHost(new byte[16], 1).storeHost(new byte[4], 2).computeBodyCrc();
        ByteBuffer out = ByteBuffer.allocate(writer.recordLength() + 10);
        int length = writer.writeTo(out, 10);
        StoredMessageView view = new StoredMessageView().wrap(out, 10);
        assertThat(view.isWellFormed(out.capacity())).isTrue();
        assertThat(view.totalSize()).isEqualTo(length).isEqualTo(out.capacity() - 10);
        assertThat(view.sysFlag()).isEqualTo(MessageSysFlag.BORNHOST_V6_FLAG);
        assertThat(view.bodyCrc()).isEqualTo(MessageChecksum.crc32(body));
        assertThat(view.storeHost().port()).isEqualTo(2);
        assertThat(view.isWellFormed(out.capacity() - 1)).isFalse();
    }
}
