package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apogee.client.ClientException;
import io.apogee.remoting.RpcHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
    private static final String COOKIE = "apogee_session";
    /** RocketMQ's NO_PERMISSION: a server refused what the logged-in user asked for. */
    private static final int NO_PERMISSION = 16;
    /** The key of the lag sampler's clients; a NUL-free name no user's key (name NUL password) can equal. */
    private static final String SAMPLER_KEY = "lag-sampler";

    private final String namesrvAddr;
    private final ConsoleAccess access;
    /** Built on first use: its dozens of handlers cost the server's start a noticeable share otherwise. */
    private volatile Router router;
    private final ConsoleBackend backend;
    private final LagHistory lagHistory;
    private final Sessions sessions = new Sessions(System::currentTimeMillis);
    private HttpServer server;
    private ExecutorService pool;

    public ConsoleServer(String namesrvAddr, ConsoleAccess access) {
        this(namesrvAddr, access, LagHistory.DEFAULT_INTERVAL);
    }

    /** As above, sampling every group's lag for its chart every {@code lagSampleInterval}. */
    public ConsoleServer(String namesrvAddr, ConsoleAccess access, Duration lagSampleInterval) {
        this.namesrvAddr = namesrvAddr;
        this.access = access;
        this.backend = new ConsoleBackend(namesrvAddr);
        RpcHook sampler = access.backgroundSigner();
        this.lagHistory = new LagHistory(() -> asSampler(sampler, backend::groupLags), System::currentTimeMillis,
                lagSampleInterval);
    }

    /** Runs a lag sampler's call with the console's background credentials (no user is behind it). */
    private <T> T asSampler(RpcHook signer, Supplier<T> call) {
        try (ConsoleBackend.Scope acting = backend.actAs(SAMPLER_KEY, signer)) {
            return call.get();
        }
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
        // The first sample comes one interval from now, so the start itself does not reach the name servers.
        lagHistory.start();
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
                    router = ConsoleRoutes.of(backend, access, lagHistory);
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
            if (path.equals("/login") || path.equals("/logout")) {
                result = loginOrOut(exchange, path.equals("/login"));
            } else {
                Sessions.Caller caller = authenticate(exchange);
                try (ConsoleBackend.Scope acting = backend.actAs(caller.key(),
                        access.signerFor(caller.user(), caller.password()))) {
                    result = call(exchange, path, caller.user());
                }
            }
        } catch (ApiException e) {
            status = e.status();
            result = Map.of("error", e.getMessage());
        } catch (ClientException e) {
            // A server's refusal of the logged-in user is the user's to read, not a failure of the console.
            status = e.responseCode() == NO_PERMISSION ? 403 : 502;
            result = Map.of("error", String.valueOf(e.getMessage()));
            LOG.warn("Console call {} {} failed: {}", exchange.getRequestMethod(), path, e.getMessage());
        } catch (IllegalArgumentException e) {
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
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private Object call(HttpExchange exchange, String path, String user) throws Exception {
        Router.Match match = router().match(exchange.getRequestMethod(), path.isEmpty() ? "/" : path);
        if (match == null) {
            throw ApiException.notFound("no API route " + exchange.getRequestMethod() + " " + API + path);
        }
        String refusal = access.refusal(user, match.route().action());
        if (refusal != null) {
            throw new ApiException(403, refusal);
        }
        Object result = match.route().handler().handle(new Request(match.params(),
                exchange.getRequestURI().getRawQuery(), readBody(exchange), user));
        return result == null ? Map.of("ok", true) : result;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(1 << 20);
        }
    }

    /**
     * POST /login with {@code {"user":..,"password":..}} opens a session and sets its cookie; POST /logout
     * ends the caller's session. Scripts may skip both and send HTTP Basic credentials with each call.
     */
    private Object loginOrOut(HttpExchange exchange, boolean login) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new ApiException(405, "use POST");
        }
        if (!login) {
            sessions.close(cookie(exchange));
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            return Map.of("ok", true);
        }
        Map<?, ?> body;
        try {
            body = JSON.parseObject(readBody(exchange), Map.class);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body must be {\"user\": ..., \"password\": ...}");
        }
        String user = body == null ? null : (String) body.get("user");
        String password = body == null ? null : (String) body.get("password");
        if (!access.authenticationEnabled()) {
            return Map.of("authentication", false, "user", "anonymous");
        }
        if (user == null || password == null || !access.authenticate(user, password)) {
            throw new ApiException(401, "wrong user or password");
        }
        String token = sessions.open(new Sessions.Caller(user, password));
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        return Map.of("authentication", true, "user", user);
    }

    /**
     * Who calls: with authentication on, the user of the session cookie, else of HTTP Basic credentials, which
     * the access seam checks; with it off, anonymous.
     */
    private Sessions.Caller authenticate(HttpExchange exchange) {
        if (!access.authenticationEnabled()) {
            return new Sessions.Caller("anonymous", "");
        }
        Sessions.Caller session = sessions.find(cookie(exchange));
        if (session != null) {
            return session;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(401, "the Authorization header is not valid Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon > 0 && access.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1))) {
                return new Sessions.Caller(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
        }
        throw new ApiException(401, "log in with a user and password");
    }

    private static String cookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(COOKIE + "=")) {
                    return trimmed.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        lagHistory.close();
        if (server != null) {
            server.stop(0);
            pool.shutdownNow();
        }
        backend.close();
    }
}
