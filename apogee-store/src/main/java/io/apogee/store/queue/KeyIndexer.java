package io.apogee.store.queue;

import io.apogee.protocol.message.MessageConst;
import io.apogee.store.index.IndexService;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Puts a dispatched record's keys into the key index: its UNIQ_KEY and every KEYS entry (separated by spaces),
 * each under the hash of {@code topic#key}. The hashes are computed from the property bytes to the values the
 * String-based lookups compute ({@link Utf8Hash}), so a record's keys are indexed without allocating.
 *
 * <p>Thread safety: the dispatcher thread's.
 */
final class KeyIndexer {

    private static final byte KEY_SEPARATOR = (byte) MessageConst.KEY_SEPARATOR.charAt(0);

    private final IndexService index;

    KeyIndexer(IndexService index) {
        this.index = index;
    }

    /** Indexes the keys that {@code properties} found in the record at {@code offset} of {@code buffer}. */
    void index(String topic, DispatchProperties properties, ByteBuffer buffer, long offset, long storeTimestamp) {
        int prefixHash = IndexService.keyPrefixHash(topic);
        if (properties.uniqLength() > 0) {
            indexKey(topic, prefixHash, buffer, properties.uniqIndex(), properties.uniqLength(), offset,
                    storeTimestamp);
        }
        if (properties.keysLength() <= 0) {
            return;
        }
        int start = properties.keysIndex();
        int end = start + properties.keysLength();
        while (start < end) {
            int keyEnd = start;
            while (keyEnd < end && buffer.get(keyEnd) != KEY_SEPARATOR) {
                keyEnd++;
            }
            if (keyEnd > start) {
                indexKey(topic, prefixHash, buffer, start, keyEnd - start, offset, storeTimestamp);
            }
            start = keyEnd + 1;
        }
    }

    private void indexKey(String topic, int prefixHash, ByteBuffer buffer, int at, int length, long offset,
                          long storeTimestamp) {
        long hash = Utf8Hash.hash(prefixHash, buffer, at, length);
        int keyHash = hash != Utf8Hash.MALFORMED ? (int) hash
                : IndexService.indexKey(topic, decode(buffer, at, length)).hashCode();
        index.put(keyHash, offset, storeTimestamp);
    }

    /** Decodes bytes that are not well-formed UTF-8 as a String would (rare, so it may allocate). */
    static String decode(ByteBuffer buffer, int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
