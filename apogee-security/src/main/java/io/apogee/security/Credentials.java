package io.apogee.security;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;

/**
 * An access key and its secret, as {@code innerClientAuthenticationCredentials} gives them
 * ({@code {"accessKey":"..","secretKey":".."}}).
 *
 * <p>Thread safety: immutable.
 */
public record Credentials(String accessKey, String secretKey) {

    public Credentials {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("credentials need an accessKey and a secretKey");
        }
    }

    /** Parses the JSON of {@code key}; a blank text gives null. */
    public static Credentials parse(String key, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JSONObject json = JSON.parseObject(text);
            return new Credentials(json.getString("accessKey"), json.getString("secretKey"));
        } catch (JSONException | IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be {\"accessKey\":\"..\",\"secretKey\":\"..\"}: "
                    + e.getMessage(), e);
        }
    }
}
