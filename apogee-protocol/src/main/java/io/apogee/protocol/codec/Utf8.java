package io.apogee.protocol.codec;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 measuring and writing without intermediate arrays, and string reading that reuses one
 * instance for the short keys and values every send and pull header repeats ({@code a}..{@code n},
 * {@code topic}, {@code queueId}, {@code "0"}, {@code "false"}, ...). Reused strings also carry a
 * cached hash code, which makes the extFields map cheaper to fill and to query.
 *
 * <p>An unpaired surrogate is written as {@code '?'}, as {@link String#getBytes} does.
 *
 * <p>Thread safety: stateless apart from an immutable table; safe from any thread.
 */
final class Utf8 {

    private static final String[] ONE_BYTE = new String[128];
    /** Strings this long or longer are never looked up (serializeTypeCurrentRPC is the longest). */
    private static final int COMMON_LIMIT = 32;
    /** Common multi-byte keys and values, bucketed by length for a cheap lookup. */
    private static final byte[][][] COMMON_BYTES = new byte[COMMON_LIMIT][][];
    private static final String[][] COMMON = new String[COMMON_LIMIT][];

    static {
        for (int c = 0; c < 128; c++) {
            ONE_BYTE[c] = String.valueOf((char) c).intern();
        }
        String[] common = {
            "true", "false", "topic", "queueId", "bname", "consumerGroup", "queueOffset", "maxMsgNums", "sysFlag",
            "commitOffset", "suspendTimeoutMillis", "subVersion", "expressionType", "maxMsgBytes", "TAG",
            "producerGroup", "TBW102", "offset", "msgId", "transactionId", "MSG_REGION", "TRACE_ON", "DefaultRegion",
            "suggestWhichBrokerId", "nextBeginOffset", "minOffset", "maxOffset", "topicSysFlag", "groupSysFlag",
            "clientID", "brokerName", "brokerAddr", "clusterName", "brokerId", "timestamp", "committed", "-1", "10",
            "15000", "32", "262144", "broker-a", "JAVA", "JSON", "FOUND", "OFFSET_OVERFLOW_ONE", "NO_MESSAGE_IN_QUEUE",
            // The fields of a signed request (RocketMQ's ACL hook).
            "AccessKey", "Signature",
            // The JSON header's own keys.
            "code", "extFields", "flag", "language", "opaque", "remark", "serializeTypeCurrentRPC", "version",
        };
        int[] counts = new int[COMMON_LIMIT];
        for (String s : common) {
            counts[s.length()]++;
        }
        for (int length = 0; length < COMMON_LIMIT; length++) {
            COMMON[length] = new String[counts[length]];
            COMMON_BYTES[length] = new byte[counts[length]][];
        }
        int[] filled = new int[COMMON_LIMIT];
        for (String s : common) {
            int length = s.length();
            COMMON[length][filled[length]] = s.intern();
            COMMON_BYTES[length][filled[length]++] = s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Utf8() {
    }

    /** Bytes of {@code s} in UTF-8. */
    static int length(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** Writes {@code s} as UTF-8 at {@code p}; returns the position after it. */
    static int write(String s, byte[] out, int p) {
        int length = s.length();
        int i = 0;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            out[p++] = (byte) c;
        }
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xF0 | (cp >> 18));
                out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[p++] = '?';
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    /** Reads {@code length} bytes as a string, reusing a shared instance for common short strings. */
    static String read(byte[] in, int offset, int length, boolean ascii) {
        if (ascii && length < COMMON.length) {
            if (length == 0) {
                return "";
            }
            if (length == 1) {
                return ONE_BYTE[in[offset]];
            }
            byte[][] candidates = COMMON_BYTES[length];
            byte first = in[offset];
            for (int c = 0; c < candidates.length; c++) {
                if (candidates[c][0] == first
                        && java.util.Arrays.equals(candidates[c], 0, length, in, offset, offset + length)) {
                    return COMMON[length][c];
                }
            }
        }
        return new String(in, offset, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Reads a string of unknown character range, checking for ASCII first. */
    static String read(byte[] in, int offset, int length) {
        boolean ascii = true;
        for (int i = offset, end = offset + length; i < end; i++) {
            if (in[i] < 0) {
                ascii = false;
                break;
            }
        }
        return read(in, offset, length, ascii);
    }
}
