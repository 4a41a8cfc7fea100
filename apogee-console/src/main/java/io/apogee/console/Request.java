package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One API call as a handler sees it: the path's named parts, the query and the JSON body, and the user.
 *
 * <p>Thread safety: used by the one request thread that parsed it.
 */
final class Request {

    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final byte[] body;
    private final String user;

    Request(Map<String, String> pathParams, String rawQuery, byte[] body, String user) {
        this.pathParams = pathParams;
        this.query = parseQuery(rawQuery);
        this.body = body;
        this.user = user;
    }

    String user() {
        return user;
    }

    String path(String name) {
        return pathParams.get(name);
    }

    String query(String name) {
        String value = query.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String requiredQuery(String name) {
        String value = query(name);
        if (value == null) {
            throw ApiException.badRequest("query parameter '" + name + "' is required");
        }
        return value;
    }

    int intQuery(String name, int defaultValue, int min, int max) {
        String value = query(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' is not a number: " + value);
        }
    }

    long longQuery(String name, long defaultValue) {
        String value = query(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' is not a number: " + value);
        }
    }

    JSONObject json() {
        if (body.length == 0) {
            return new JSONObject();
        }
        try {
            return JSON.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body is not a JSON object: " + e.getMessage());
        }
    }

    /** A required text field of the JSON body. */
    static String required(JSONObject json, String field) {
        String value = json.getString(field);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        return value.trim();
    }

    /**
     * The names of a paged list, as {@code {total, page, size, items}} with {@code items} from {@code detail},
     * asked for all rows of the page at once on {@code pool} (each row is a round trip to the cluster).
     */
    static Map<String, Object> page(List<String> names, int page, int size, Function<String, Object> detail,
                                    Executor pool) {
        int from = (int) Math.min(names.size(), (long) page * size);
        int to = Math.min(names.size(), from + size);
        List<CompletableFuture<Object>> rows = names.subList(from, to).stream()
                .map(name -> CompletableFuture.supplyAsync(() -> detail.apply(name), pool)).toList();
        Map<String, Object> result = new HashMap<>();
        result.put("total", names.size());
        result.put("page", page);
        result.put("size", size);
        result.put("items", rows.stream().map(CompletableFuture::join).toList());
        return result;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
