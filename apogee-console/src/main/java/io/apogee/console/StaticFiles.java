package io.apogee.console;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The console's pages, scripts and styles, and its OpenAPI file, served from the class path.
 *
 * <p>Thread safety: stateless.
 */
final class StaticFiles {

    private static final String ROOT = "/io/apogee/console/web";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8", "svg", "image/svg+xml");

    private StaticFiles() {
    }

    static void serve(HttpExchange exchange, String path) throws IOException {
        String name = path.equals("/") ? "/index.html" : path;
        InputStream in = name.contains("..") ? null : StaticFiles.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            byte[] missing = ("not found: " + path).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, missing.length);
            exchange.getResponseBody().write(missing);
            return;
        }
        try (in; OutputStream out = exchange.getResponseBody()) {
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            exchange.sendResponseHeaders(200, bytes.length);
            out.write(bytes);
        }
    }
}
