package io.apogee.protocol.body;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONWriter;
import io.apogee.protocol.ProtocolException;

/**
 * Reads and writes JSON bodies in the dialect of the official Java side (fastjson 1.x): fields in
 * alphabetical order, nulls left out, enums as their names, and map keys that are not strings
 * written bare, e.g. {@code {"brokerAddrs":{0:"127.0.0.1:10911"}}}, or even as objects
 * ({@code {{"brokerName":"b","queueId":0,"topic":"t"}:5}}). Reading accepts both bare and quoted
 * keys and ignores unknown fields.
 *
 * <p>{@link #encodeQuoted} writes the standard-JSON form with quoted keys and sorted maps, which the
 * official name server uses for GET_ROUTEINFO_BY_TOPIC answers to modern clients.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** Writes {@code body} with bare non-string map keys, as fastjson 1.x does by default. */
    public static byte[] encode(Object body) {
        return JSON.toJSONBytes(body);
    }

    /** Writes {@code body} as standard JSON: every map key quoted, maps sorted by key. */
    public static byte[] encodeQuoted(Object body) {
        return JSON.toJSONBytes(body, JSONWriter.Feature.WriteNonStringKeyAsString,
                JSONWriter.Feature.MapSortField);
    }

    /**
     * Reads a body of the given type.
     *
     * @throws ProtocolException when the bytes are empty or are not JSON of that shape
     */
    public static <T> T decode(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ProtocolException(type.getSimpleName() + " body: empty");
        }
        try {
            T value = JSON.parseObject(body, type);
            if (value == null) {
                throw new ProtocolException(type.getSimpleName() + " body: JSON null");
            }
            return value;
        } catch (JSONException | ClassCastException | IllegalArgumentException | IllegalStateException
                 | IndexOutOfBoundsException e) {
            throw new ProtocolException(type.getSimpleName() + " body: " + e.getMessage(), e);
        }
    }
}
