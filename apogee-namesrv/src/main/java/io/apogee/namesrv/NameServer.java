package io.apogee.namesrv;

import io.apogee.common.file.DirectoryLock;
import io.apogee.controller.Controller;
import io.apogee.controller.ControllerConfig;
import io.apogee.controller.requests.ControllerProcessor;
import io.apogee.metrics.MetricsEndpoint;
import io.apogee.metrics.RemotingMeters;
import io.apogee.namesrv.kv.KvConfigStore;
import io.apogee.namesrv.route.RouteRegistry;
import io.apogee.remoting.ConnectionListener;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import io.apogee.remoting.tls.ChannelTls;
import io.apogee.remoting.tls.TlsContexts;
import io.apogee.security.SecurityStore;
import io.apogee.security.ServerSecurity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A name server: brokers register their topics here, clients and admin tools ask it for routes.
 * It wires the {@link RouteRegistry}, the {@link KvConfigStore}, one request processor on a
 * bounded executor, and a scan that drops brokers gone silent; a broker is also dropped at once
 * when the connection it registered over closes.
 *
 * <p>Thread safety: {@link #start()} and {@link #shutdown()} are called by the owning thread; the
 * registry and KV store are safe for the request and scan threads.
 */
public final class NameServer {

    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);
    private static final int REQUEST_QUEUE_CAPACITY = 10_000;
    /** Held in the KV config's folder while the name server runs, so a second one there is refused. */
    public static final String LOCK_FILE = "namesrv.lock";

    private final NameServerConfig config;
    private final LongSupplier clock;
    private final RouteRegistry registry = new RouteRegistry();
    private final RemotingServer server;
    private final ScheduledExecutorService scanner;
    /** The controller run inside this name server ({@code enableControllerInNamesrv}), or null. */
    private final Controller controller;
    private DirectoryLock lock;
    private SecurityStore securityStore;
    /** Given by {@link #metrics(MetricsEndpoint)}, or opened at start when configured; null when off. */
    private MetricsEndpoint metrics;
    private boolean ownsMetrics;

    public NameServer(NameServerConfig config) {
        this(config, System::currentTimeMillis);
    }

    /** A name server that reads time from {@code clock} (tests drive broker expiry with it). */
    public NameServer(NameServerConfig config, LongSupplier clock) {
        this.config = config.validate();
        this.clock = clock;
        KvConfigStore kv = new KvConfigStore(config.kvConfigPath());
        this.server = new RemotingServer(config.limits().applyTo(new ServerConfig())
                .name("namesrv")
                .tls(TlsContexts.server(config.tls().resolved()))
                .bindAddress(config.bindAddress())
                .port(config.listenPort()));
        ThreadPoolExecutor executor = BoundedExecutor.create("namesrv-request", config.serverWorkerThreads(),
                REQUEST_QUEUE_CAPACITY);
        NameServerProcessor processor = new NameServerProcessor(registry, kv, config, clock);
        for (int code : NameServerProcessor.CODES) {
            server.registerProcessor(code, processor, executor);
        }
        NameServerConfigProcessor settings = new NameServerConfigProcessor(config);
        for (int code : NameServerConfigProcessor.CODES) {
            server.registerProcessor(code, settings, executor);
        }
        ControllerConfig controllerConfig = config.controller();
        this.controller = controllerConfig == null ? null : new Controller(controllerConfig, clock);
        if (controller != null) {
            ThreadPoolExecutor controllerExecutor = BoundedExecutor.create("namesrv-controller",
                    config.serverWorkerThreads(), REQUEST_QUEUE_CAPACITY);
            for (int code : ControllerProcessor.CODES) {
                server.registerProcessor(code, controller.processor(), controllerExecutor);
            }
        }
        securityStore = ServerSecurity.install(server, config.security(), config.kvConfigPath().toAbsolutePath()
                .getParent().resolve("security"));
        server.addListener(new ConnectionListener() {
            @Override
            public void onClose(Connection connection) {
                dropBrokers(connection);
                if (controller != null) {
                    controller.connectionClosed(connection);
                }
            }
        });
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "namesrv-broker-scan");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Locks the KV config folder, then starts listening and scanning; returns once the port is bound.
     *
     * @throws UncheckedIOException when another name server holds the folder, or it cannot be locked
     */
    public void start() {
        Path kvFolder = config.kvConfigPath().toAbsolutePath().getParent();
        try {
            lock = DirectoryLock.acquire(kvFolder, LOCK_FILE, "name server's KV config");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + kvFolder + ": " + e.getMessage(), e);
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
        if (controller != null) {
            try {
                controller.startServedOn(server.port());
            } catch (RuntimeException e) {
                server.shutdown();
                releaseLock();
                throw e;
            }
        }
        scanner.scheduleWithFixedDelay(() -> dropBrokers(null), config.scanNotActiveBrokerInterval(),
                config.scanNotActiveBrokerInterval(), TimeUnit.MILLISECONDS);
        startMetrics();
        LOG.info("name server listening on {}", server.localAddress());
    }

    /** Every request code this name server serves, for tests that must cover them all. */
    public int[] servedCodes() {
        return server.servedCodes();
    }

    /** Serves metrics on the endpoint given, or opens one when {@code metricsExporterType=PROM}; else none. */
    private void startMetrics() {
        String nodeId = config.bindAddress() + ":" + server.port();
        // A name server belongs to no cluster; the key is there so standalone's series share one set of labels.
        Tags node = RemotingMeters.node("", "namesrv", nodeId);
        if (metrics == null && config.metrics().prometheus()) {
            try {
                metrics = MetricsEndpoint.start(config.metrics().bindHost(config.bindAddress()),
                        config.metrics().port(), node);
            } catch (RuntimeException e) {
                shutdown();
                throw e;
            }
            ownsMetrics = true;
        }
        if (metrics != null) {
            RemotingMeters.bind(metrics, node, server);
            Gauge.builder("apogee_namesrv_topics", registry, r -> r.topics().size())
                    .description("Topics the name server routes").tags(node).strongReference(true)
                    .register(metrics.registry());
        }
    }

    /**
     * Registers this name server's metrics on {@code endpoint} (shared with a broker in one process) instead of
     * opening an endpoint of its own; call before {@link #start()}. The caller closes the endpoint.
     */
    public NameServer metrics(MetricsEndpoint endpoint) {
        this.metrics = endpoint;
        return this;
    }

    /** The metrics endpoint this name server serves on, or null when metrics are off. */
    public MetricsEndpoint metrics() {
        return metrics;
    }

    /** Stops scanning and closes the server after in-flight requests finish. */
    public void shutdown() {
        if (ownsMetrics) {
            metrics.close();
            ownsMetrics = false;
        }
        scanner.shutdownNow();
        server.shutdown();
        if (controller != null) {
            controller.shutdown();
        }
        releaseLock();
    }

    private void releaseLock() {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("cannot release the name server's lock {}: {}", lock.file(), e.toString());
        }
        lock = null;
    }

    /** The TLS of the name server's port with its counters, or null when it serves plain text only; any thread. */
    public ChannelTls tls() {
        return server.tls();
    }

    /** The address the server is bound to; with port 0 it tells the port chosen. */
    /** The name server's users and ACLs (what requests are checked against with authentication on); after start. */
    public SecurityStore securityStore() {
        return securityStore;
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** The controller running inside this name server, or null when {@code enableControllerInNamesrv} is off. */
    public Controller controller() {
        return controller;
    }

    /** The route registry, for embedding and tests. */
    public RouteRegistry registry() {
        return registry;
    }

    /** Runs one expiry scan now, dropping brokers silent for longer than the configured time. */
    public void scanNow() {
        dropBrokers(null);
    }

    private void dropBrokers(Connection closed) {
        try {
            List<String> removed = registry.removeBrokers(clock.getAsLong(), config.brokerChannelExpiredTime(), closed);
            for (String addr : removed) {
                LOG.warn("broker {} removed from routes: {}", addr,
                        closed != null ? "its connection closed" : "not heard from for "
                                + config.brokerChannelExpiredTime() + " ms");
            }
        } catch (RuntimeException e) {
            LOG.error("broker expiry scan failed", e);
        }
    }
}
