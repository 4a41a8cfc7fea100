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
 * <p>Thread safety: stateless; each thread keeps its own {@link Mac}.
 */
public final class Signatures {

    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    private static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    /** The version ordinal of RocketMQ 4.9.3, the last whose clients leave {@link #UNIQUE_KEY_QUERY} unsigned. */
    private static final int V4_9_3 = 399;

    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(SecurityStore.HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + SecurityStore.HMAC, e);
        }
    });

    private Signatures() {
    }

    /** The raw HMAC of {@code request} under {@code key}. */
    static byte[] compute(Key key, RemotingCommand request) {
        Mac mac = MACS.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the signing key: " + e.getMessage(), e);
        }
        Map<String, String> fields = request.extFields();
        if (fields != null && !fields.isEmpty()) {
            String[] keys = fields.keySet().toArray(new String[0]);
            Arrays.sort(keys);
            boolean skipUniqueKey = request.version() <= V4_9_3;
            for (String k : keys) {
                if (k.equals(SIGNATURE) || (skipUniqueKey && k.equals(UNIQUE_KEY_QUERY))) {
                    continue;
                }
                String value = fields.get(k);
                if (value != null) {
                    mac.update(value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (request.body() != null) {
            mac.update(request.body());
        }
        return mac.doFinal();
    }

    /** Adds AccessKey and Signature to {@code request}, as the official client's hook does. */
    public static void sign(RemotingCommand request, String accessKey, Key secret) {
        request.putExtField(SIGNATURE, null);
        request.putExtField(ACCESS_KEY, accessKey);
        request.putExtField(SIGNATURE, Base64.getEncoder().encodeToString(compute(secret, request)));
    }
}
