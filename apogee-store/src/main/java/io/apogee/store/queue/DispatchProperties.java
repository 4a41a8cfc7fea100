package io.apogee.store.queue;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds the properties the dispatcher needs (TAGS, KEYS, UNIQ_KEY) in a stored record's UTF-8 properties
 * bytes, as index and length of each value, without decoding anything. It follows the rules of
 * {@link MessageProperties#get}: entries end at 0x02, the name ends at the first 0x01, the first entry with
 * a name wins. Scanning bytes is equivalent to scanning the decoded String because UTF-8 never uses the
 * bytes 0x01 and 0x02 inside a multi-byte character.
 *
 * <p>Thread safety: not thread safe; one instance per dispatching thread.
 */
final class DispatchProperties {

    private static final byte[] TAGS = MessageConst.PROPERTY_TAGS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYS = MessageConst.PROPERTY_KEYS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNIQ_KEY =
            MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX.getBytes(StandardCharsets.US_ASCII);

    private ByteBuffer buffer;
    private int tagsIndex;
    private int tagsLength;
    private int keysIndex;
    private int keysLength;
    private int uniqIndex;
    private int uniqLength;

    /** Scans the {@code length} properties bytes at absolute {@code index}. A missing value has length -1. */
    DispatchProperties scan(ByteBuffer buffer, int index, int length) {
        this.buffer = buffer;
        tagsLength = -1;
        keysLength = -1;
        uniqLength = -1;
        int end = index + length;
        int start = index;
        while (start < end) {
            int entryEnd = indexOf(MessageProperties.PROPERTY_SEPARATOR, start, end);
            int split = indexOf(MessageProperties.NAME_VALUE_SEPARATOR, start, entryEnd);
            if (split < entryEnd) {
                int nameLength = split - start;
                int valueLength = entryEnd - split - 1;
                if (tagsLength < 0 && matches(start, nameLength, TAGS)) {
                    tagsIndex = split + 1;
                    tagsLength = valueLength;
                } else if (keysLength < 0 && matches(start, nameLength, KEYS)) {
                    keysIndex = split + 1;
                    keysLength = valueLength;
                } else if (uniqLength < 0 && matches(start, nameLength, UNIQ_KEY)) {
                    uniqIndex = split + 1;
                    uniqLength = valueLength;
                }
            }
            start = entryEnd + 1;
        }
        return this;
    }

    int tagsIndex() {
        return tagsIndex;
    }

    int tagsLength() {
        return tagsLength;
    }

    int keysIndex() {
        return keysIndex;
    }

    int keysLength() {
        return keysLength;
    }

    int uniqIndex() {
        return uniqIndex;
    }

    int uniqLength() {
        return uniqLength;
    }

    private int indexOf(char separator, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer.get(i) == separator) {
                return i;
            }
        }
        return end;
    }

    private boolean matches(int at, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(at + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
