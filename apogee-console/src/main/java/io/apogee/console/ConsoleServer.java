package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apogee.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built-in web console: static pages under {@code /} and their JSON API under {@code /api/v1}, served
 * with the JDK's HTTP server. That server costs no dependency and starts in a few milliseconds, which keeps
 * {@code apogee standalone} ready in about a second; the console's traffic is a few people's clicks, so
 * Netty's throughput is not needed here. The admin client connects to the name servers on the first API
 * call, not at start.
 *
 * <p>Thread safety: {@link #start} and {@link #close} from the owning thread; requests run on the
 * console's own small pool.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String API = "/api/v1";

    private final String namesrvAddr;
    private final ConsoleAccess access;
    /** Built on first use: its dozens of handlers cost the server's start a noticeable share otherwise. */
    private volatile Router router;
    private final ConsoleBackend backend;
    private HttpServer server;
    private ExecutorService pool;

    public ConsoleServer(String namesrvAddr, ConsoleAccess access) {
        this.namesrvAddr = namesrvAddr;
        this.access = access;
        this.backend = new ConsoleBackend(namesrvAddr);
    }

    /** Starts serving on {@code host:port} (0 picks a free port); answers this server. */
    public ConsoleServer start(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "apogee-console-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::serve);
        server.start();
        LOG.info("Web console at {} for name servers {}", url(), namesrvAddr);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The console's address, for the ready line. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort() + "/";
    }

    Router router() {
        Router built = router;
        if (built == null) {
            synchronized (this) {
                if (router == null) {
                    router = ConsoleRoutes.of(backend, access);
                }
                built = router;
            }
        }
        return built;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(API + "/") || path.equals(API)) {
                serveApi(exchange, path.substring(API.length()));
            } else {
                StaticFiles.serve(exchange, path);
            }
        } catch (RuntimeException e) {
            LOG.warn("Console request {} failed", exchange.getRequestURI(), e);
        }
    }

    private void serveApi(HttpExchange exchange, String path) throws IOException {
        int status = 200;
        Object result;
        try {
            String user = authenticate(exchange);
            Router.Match match = router().match(exchange.getRequestMethod(), path.isEmpty() ? "/" : path);
            if (match == null) {
                throw ApiException.notFound("no API route " + exchange.getRequestMethod() + " " + API + path);
            }
            String refusal = access.refusal(user, match.route().action());
            if (refusal != null) {
                throw new ApiException(403, refusal);
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(1 << 20);
            }
            result = match.route().handler().handle(new Request(match.params(), exchange.getRequestURI().getRawQuery(),
                    body, user));
            if (result == null) {
                result = Map.of("ok", true);
            }
        } catch (ApiException e) {
            status = e.status();
            result = Map.of("error", e.getMessage());
        } catch (ClientException | IllegalArgumentException e) {
            status = 502;
            result = Map.of("error", String.valueOf(e.getMessage()));
            LOG.warn("Console call {} {} failed: {}", exchange.getRequestMethod(), path, e.getMessage());
        } catch (Exception e) {
            status = 500;
            result = Map.of("error", String.valueOf(e));
            LOG.warn("Console call {} {} failed", exchange.getRequestMethod(), path, e);
        }
        byte[] json = JSON.toJSONBytes(result, JSONWriter.Feature.WriteMapNullValue);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (status == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Apogee console\"");
        }
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    /** The caller's user name; with authentication on, from HTTP Basic credentials the access seam checks. */
    private String authenticate(HttpExchange exchange) {
        if (!access.authenticationEnabled()) {
            return "anonymous";
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0 && access.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1))) {
                return decoded.substring(0, colon);
            }
        }
        throw new ApiException(401, "log in with a user and password");
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            pool.shutdownNow();
        }
        backend.close();
    }
}
