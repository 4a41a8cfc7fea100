package io.apogee.store.queue;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.TagHash;
import io.apogee.store.index.IndexService;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's byte-level hashing and property lookup agree with the String-based definitions. */
class DispatchBytesPropertyTest {

    @Property
    void hashOfEncodedStringIsStringHash(@ForAll String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        String decoded = new String(utf8, StandardCharsets.UTF_8);
        long hash = Utf8Hash.hash(0, padded(utf8), 3, utf8.length);
        if (decoded.equals(text)) {
            assertThat(hash).isEqualTo(text.hashCode());
        } else {
            // Lone surrogates encode as '?', which decodes to a different String; the hash follows the bytes.
            assertThat(hash).isEqualTo(decoded.hashCode());
        }
    }

    @Property
    void arbitraryBytesHashLikeTheirDecodingOrAreMalformed(@ForAll @Size(max = 12) byte[] bytes) {
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        long hash = Utf8Hash.hash(0, padded(bytes), 3, bytes.length);
        boolean wellFormed = java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), bytes);
        if (wellFormed) {
            assertThat(hash).isEqualTo(decoded.hashCode());
        } else {
            assertThat(hash).isEqualTo(Utf8Hash.MALFORMED);
        }
    }

    @Example
    void supplementaryAndMultiByteCharactersHashAsStrings() {
        for (String tag : new String[] {"TagA", "é", "标签", "\uD83D\uDE00 grin", "\u0800\uFFFF\u07FF"}) {
            byte[] utf8 = tag.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8Hash.hash(0, ByteBuffer.wrap(utf8), 0, utf8.length)).as(tag).isEqualTo(tag.hashCode());
        }
        String topic = "Tópico";
        String key = "clé-🔑";
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Hash.hash(IndexService.keyPrefixHash(topic), ByteBuffer.wrap(utf8), 0, utf8.length))
                .isEqualTo(IndexService.indexKey(topic, key).hashCode());
    }

    @Property
    void findsTheSameValuesAsMessagePropertiesGet(@ForAll Map<@Size(max = 6) String, @Size(max = 8) String> random,
                                                  @ForAll @Size(max = 8) String tags, @ForAll @Size(max = 8) String keys,
                                                  @ForAll boolean withUniqKey) {
        Map<String, String> map = new LinkedHashMap<>();
        random.forEach((k, v) -> map.put(clean(k), clean(v)));
        map.put(MessageConst.PROPERTY_TAGS, clean(tags));
        map.put(MessageConst.PROPERTY_KEYS, clean(keys));
        if (withUniqKey) {
            map.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "ABCDEF0123");
        }
        String properties = MessageProperties.encode(map);
        byte[] utf8 = properties.getBytes(StandardCharsets.UTF_8);
        DispatchProperties scanned = new DispatchProperties().scan(padded(utf8), 3, utf8.length);
        ByteBuffer buffer = padded(utf8);
        assertThat(value(buffer, scanned.tagsIndex(), scanned.tagsLength()))
                .isEqualTo(MessageProperties.get(properties, MessageConst.PROPERTY_TAGS));
        assertThat(value(buffer, scanned.keysIndex(), scanned.keysLength()))
                .isEqualTo(MessageProperties.get(properties, MessageConst.PROPERTY_KEYS));
        assertThat(value(buffer, scanned.uniqIndex(), scanned.uniqLength()))
                .isEqualTo(MessageProperties.get(properties, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        String tagValue = MessageProperties.get(properties, MessageConst.PROPERTY_TAGS);
        long tagHash = scanned.tagsLength() <= 0 ? 0 : Utf8Hash.hash(0, buffer, scanned.tagsIndex(), scanned.tagsLength());
        assertThat(tagHash).isEqualTo(TagHash.tagsCode(tagValue));
    }

    @Example
    void firstEntryWinsAndEntriesWithoutNamesAreSkipped() {
        String properties = "junk\u0002TAGS\u0001first\u0002TAGS\u0001second\u0002\u0002KEYS\u0001a b\u0002";
        byte[] utf8 = properties.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(utf8);
        DispatchProperties scanned = new DispatchProperties().scan(buffer, 0, utf8.length);
        assertThat(value(buffer, scanned.tagsIndex(), scanned.tagsLength())).isEqualTo("first");
        assertThat(value(buffer, scanned.keysIndex(), scanned.keysLength())).isEqualTo("a b");
        assertThat(scanned.uniqLength()).isEqualTo(-1);
    }

    /** The separators cannot occur inside a stored property name or value. */
    private static String clean(String s) {
        return s.replace('\u0001', '_').replace('\u0002', '_');
    }

    private static String value(ByteBuffer buffer, int index, int length) {
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(index, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes at index 3 of a buffer with junk around them, so absolute indexing is exercised. */
    private static ByteBuffer padded(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 6);
        buffer.put(new byte[] {1, 2, (byte) 0xC3}).put(bytes).put(new byte[] {(byte) 0xE2, 2, 1});
        return buffer.clear();
    }
}
