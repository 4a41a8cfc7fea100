package io.apogee.security;

import io.apogee.protocol.command.RemotingCommand;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The signature of RocketMQ's ACL client hook: HmacSHA1, under the user's secret, of every custom header value
 * but the signature's own, in the order of their keys, followed by the body; Base64 on the wire. Clients up to
 * 4.9.3 leave the {@code _UNIQUE_KEY_QUERY} field out of what they sign.
 *
 * <p>Every request is signed by its client and checked by its server, so this is on the send path: each thread
 * keeps a {@link Scratch} with its {@link Mac} (initialised again only when the key changes), the last order of
 * header keys (a client sends the same keys every time, so the sort is rarely needed) and a byte buffer that
 * takes all header values at once.
 *
 * <p>Thread safety: stateless apart from the per-thread scratch; called from any thread.
 */
public final class Signatures {

    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    private static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    /** The version ordinal of RocketMQ 4.9.3, the last whose clients leave {@link #UNIQUE_KEY_QUERY} unsigned. */
    private static final int V4_9_3 = 399;
    private static final int RAW_LENGTH = 20;
    private static final int ENCODED_LENGTH = 28;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Signatures() {
    }

    /** Adds AccessKey and Signature to {@code request}, as the official client's hook does. */
    public static void sign(RemotingCommand request, String accessKey, Key secret) {
        request.putExtField(SIGNATURE, null);
        request.putExtField(ACCESS_KEY, accessKey);
        Scratch scratch = SCRATCH.get();
        scratch.compute(secret, request);
        Base64.getEncoder().encode(scratch.raw, scratch.encoded);
        request.putExtField(SIGNATURE, new String(scratch.encoded, StandardCharsets.ISO_8859_1));
    }

    /** Whether {@code signature} is the one {@code request} must carry under {@code key}, compared in constant time. */
    static boolean matches(Key key, RemotingCommand request, String signature) {
        Scratch scratch = SCRATCH.get();
        scratch.compute(key, request);
        Base64.getEncoder().encode(scratch.raw, scratch.encoded);
        if (signature.length() != ENCODED_LENGTH) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < ENCODED_LENGTH; i++) {
            difference |= scratch.encoded[i] ^ signature.charAt(i);
        }
        return difference == 0;
    }

    /** One thread's reusable signing state. */
    private static final class Scratch {
        private final Mac mac;
        private Key macKey;
        /** The keys of the last request signed or checked on this thread, in order; kept to be tried first. */
        private String[] keys = new String[32];
        private int keyCount;
        /** The values of the request being signed or checked, beside their {@link #keys}; cleared after. */
        private String[] fieldValues = new String[32];
        private byte[] values = new byte[512];
        private final byte[] raw = new byte[RAW_LENGTH];
        private final byte[] encoded = new byte[ENCODED_LENGTH];

        Scratch() {
            try {
                mac = Mac.getInstance(SecurityStore.HMAC);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + SecurityStore.HMAC, e);
            }
        }

        /** Leaves the HMAC of {@code request} under {@code key} in {@link #raw}. */
        void compute(Key key, RemotingCommand request) {
            useKey(key);
            try {
                digest(request);
            } catch (RuntimeException | GeneralSecurityException e) {
                macKey = null;
                throw new IllegalStateException("cannot compute the signature: " + e.getMessage(), e);
            }
        }

        /** Feeds the header values and body to the initialised Mac; a failure leaves it half fed. */
        private void digest(RemotingCommand request) throws GeneralSecurityException {
            Map<String, String> fields = request.extFields();
            if (fields != null && !fields.isEmpty()) {
                int count = orderedValues(fields);
                boolean skipUniqueKey = request.version() <= V4_9_3;
                int length = 0;
                for (int i = 0; i < count && length >= 0; i++) {
                    if (signed(keys[i], skipUniqueKey)) {
                        length = appendAscii(String.valueOf(fieldValues[i]), length);
                    }
                }
                if (length >= 0) {
                    mac.update(values, 0, length);
                } else {
                    mac.update(concatenated(count, skipUniqueKey));
                }
                Arrays.fill(fieldValues, 0, count, null);
            }
            if (request.body() != null) {
                mac.update(request.body());
            }
            mac.doFinal(raw, 0);
        }

        private static boolean signed(String key, boolean skipUniqueKey) {
            return !key.equals(SIGNATURE) && !(skipUniqueKey && key.equals(UNIQUE_KEY_QUERY));
        }

        /**
         * The official hook joins the values into one string before it encodes them, so a surrogate pair split
         * across two values becomes one character; only that path gives the same bytes for every input.
         */
        private byte[] concatenated(int count, boolean skipUniqueKey) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (signed(keys[i], skipUniqueKey)) {
                    text.append(fieldValues[i]);
                }
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** A finished Mac is back in the state its last init left it in, so only a new key needs an init. */
        private void useKey(Key key) {
            if (key == macKey) {
                return;
            }
            try {
                mac.init(key);
            } catch (GeneralSecurityException e) {
                macKey = null;
                throw new IllegalStateException("cannot use the signing key: " + e.getMessage(), e);
            }
            macKey = key;
        }

        /**
         * Puts the keys of {@code fields} in order into {@link #keys} and their values beside them into
         * {@link #fieldValues}; returns how many. A client sends the same set of keys request after request, so
         * the last order is tried first: with as many fields, all of whose keys are found, the key sets are equal
         * and no sort is needed.
         */
        private int orderedValues(Map<String, String> fields) {
            int count = fields.size();
            if (count == keyCount && foundInOrder(fields, count)) {
                return count;
            }
            if (keys.length < count) {
                keys = new String[Math.max(count, keys.length * 2)];
                fieldValues = new String[keys.length];
            }
            int i = 0;
            for (String k : fields.keySet()) {
                keys[i++] = k;
            }
            Arrays.sort(keys, 0, count);
            if (keyCount > count) {
                Arrays.fill(keys, count, keyCount, null);
            }
            keyCount = count;
            for (i = 0; i < count; i++) {
                fieldValues[i] = fields.get(keys[i]);
            }
            return count;
        }

        private boolean foundInOrder(Map<String, String> fields, int count) {
            for (int i = 0; i < count; i++) {
                String value = fields.get(keys[i]);
                if (value == null && !fields.containsKey(keys[i])) {
                    return false;
                }
                fieldValues[i] = value;
            }
            return true;
        }

        /** Appends {@code value} at {@code offset} when it is all ASCII; returns -1 when it is not. */
        private int appendAscii(String value, int offset) {
            int n = value.length();
            ensure(offset + n);
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                values[offset + i] = (byte) c;
            }
            return offset + n;
        }

        private void ensure(int capacity) {
            if (values.length < capacity) {
                values = Arrays.copyOf(values, Math.max(capacity, values.length * 2));
            }
        }
    }
}
