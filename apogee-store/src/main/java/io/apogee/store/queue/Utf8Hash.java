package io.apogee.store.queue;

import java.nio.ByteBuffer;

/**
 * {@link String#hashCode()} of UTF-8 bytes without building the String: the bytes are decoded to UTF-16
 * code units on the fly (a supplementary character counts as its surrogate pair) and rolled into the hash
 * exactly as String does. Used where a hash must match what other code computes from a String (tag codes,
 * index keys) on a path that must not allocate.
 *
 * <p>Bytes that are not well-formed UTF-8 give {@link #MALFORMED}: Java's decoder would replace them, and the
 * caller then decodes a String to get the very same hash.
 *
 * <p>Thread safety: pure functions.
 */
final class Utf8Hash {

    /** Returned for bytes that are not well-formed UTF-8; outside the int range of every real hash. */
    static final long MALFORMED = Long.MIN_VALUE;

    private Utf8Hash() {
    }

    /**
     * The hash String would reach after hashing a prefix with hash {@code seed} and then the UTF-16 units of
     * {@code length} UTF-8 bytes at {@code index} (absolute); {@link #MALFORMED} for malformed bytes.
     */
    static long hash(int seed, ByteBuffer buffer, int index, int length) {
        int h = seed;
        int end = index + length;
        int i = index;
        while (i < end) {
            int b = buffer.get(i);
            if (b >= 0) {
                h = 31 * h + b;
                i++;
                continue;
            }
            int lead = b & 0xFF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                if (i + 1 >= end) {
                    return MALFORMED;
                }
                int c1 = buffer.get(i + 1);
                if (!isContinuation(c1)) {
                    return MALFORMED;
                }
                h = 31 * h + (((lead & 0x1F) << 6) | (c1 & 0x3F));
                i += 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                if (i + 2 >= end) {
                    return MALFORMED;
                }
                int c1 = buffer.get(i + 1);
                int c2 = buffer.get(i + 2);
                if (!isContinuation(c1) || !isContinuation(c2)) {
                    return MALFORMED;
                }
                int ch = ((lead & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
                // Overlong forms and encoded surrogates are malformed for Java's decoder.
                if (ch < 0x800 || (ch >= 0xD800 && ch <= 0xDFFF)) {
                    return MALFORMED;
                }
                h = 31 * h + ch;
                i += 3;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                if (i + 3 >= end) {
                    return MALFORMED;
                }
                int c1 = buffer.get(i + 1);
                int c2 = buffer.get(i + 2);
                int c3 = buffer.get(i + 3);
                if (!isContinuation(c1) || !isContinuation(c2) || !isContinuation(c3)) {
                    return MALFORMED;
                }
                int cp = ((lead & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
                if (cp < 0x10000 || cp > 0x10FFFF) {
                    return MALFORMED;
                }
                h = 31 * h + Character.highSurrogate(cp);
                h = 31 * h + Character.lowSurrogate(cp);
                i += 4;
            } else {
                return MALFORMED;
            }
        }
        return h;
    }

    private static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }
}
