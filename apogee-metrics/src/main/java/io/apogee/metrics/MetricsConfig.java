package io.apogee.metrics;

import io.apogee.common.config.ConfigTable;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Whether and where a server serves its metrics, with RocketMQ 5's key names so that a {@code broker.conf}
 * written for it keeps its meaning: {@code metricsExporterType} ({@code DISABLE}, the default, or
 * {@code PROM}), {@code metricsPromExporterHost} (default: the server's own bind address) and
 * {@code metricsPromExporterPort} (default 5557; 0 picks a free port). RocketMQ's other exporters
 * ({@code OTLP_GRPC}, {@code LOG}) are refused with a message rather than silently ignored.
 *
 * <p>Thread safety: immutable.
 */
public record MetricsConfig(boolean prometheus, String host, int port) {

    public static final String METRICS_EXPORTER_TYPE = "metricsExporterType";
    public static final String METRICS_PROM_EXPORTER_HOST = "metricsPromExporterHost";
    public static final String METRICS_PROM_EXPORTER_PORT = "metricsPromExporterPort";
    public static final int DEFAULT_PORT = 5557;

    /** Every key this record reads. */
    public static final Set<String> KEYS = Set.of(METRICS_EXPORTER_TYPE, METRICS_PROM_EXPORTER_HOST,
            METRICS_PROM_EXPORTER_PORT);

    public MetricsConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("setting '" + METRICS_PROM_EXPORTER_PORT + "' must be 0..65535");
        }
        host = host == null ? "" : host.trim();
    }

    /** No endpoint: the default, as in RocketMQ. */
    public static MetricsConfig disabled() {
        return new MetricsConfig(false, "", DEFAULT_PORT);
    }

    /** A Prometheus endpoint on {@code host} (blank: the server's bind address) and {@code port}. */
    public static MetricsConfig prometheus(String host, int port) {
        return new MetricsConfig(true, host, port);
    }

    /**
     * This configuration with {@code key} set from its text; the key must be one of {@link #KEYS}. A bad value
     * throws IllegalArgumentException naming the key.
     */
    public MetricsConfig with(String key, String value) {
        String v = value.trim();
        return switch (key) {
            case METRICS_EXPORTER_TYPE -> new MetricsConfig(parseType(v), host, port);
            case METRICS_PROM_EXPORTER_HOST -> new MetricsConfig(prometheus, v, port);
            case METRICS_PROM_EXPORTER_PORT -> {
                try {
                    yield new MetricsConfig(prometheus, host, Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("setting '" + key + "' has a bad value '" + v
                            + "': not a port number", e);
                }
            }
            default -> throw new IllegalArgumentException("not a metrics key: " + key);
        };
    }

    private static boolean parseType(String value) {
        return switch (value.toUpperCase(java.util.Locale.ROOT)) {
            case "PROM" -> true;
            case "DISABLE", "" -> false;
            case "OTLP_GRPC", "LOG" -> throw new IllegalArgumentException("setting '" + METRICS_EXPORTER_TYPE
                    + "' is '" + value + "', which Apogee does not export: use PROM (a Prometheus endpoint) or DISABLE");
            default -> throw new IllegalArgumentException("setting '" + METRICS_EXPORTER_TYPE + "' has a bad value '"
                    + value + "': use PROM or DISABLE");
        };
    }

    /** The host the endpoint binds: {@link #host()} when set, else {@code serverBindAddress}. */
    public String bindHost(String serverBindAddress) {
        return host.isEmpty() ? serverBindAddress : host;
    }

    /** The three keys with their values as text, for admin tools. */
    public Map<String, String> values() {
        Map<String, String> values = new TreeMap<>();
        values.put(METRICS_EXPORTER_TYPE, prometheus ? "PROM" : "DISABLE");
        values.put(METRICS_PROM_EXPORTER_HOST, host);
        values.put(METRICS_PROM_EXPORTER_PORT, Integer.toString(port));
        return values;
    }

    /**
     * Declares the three keys in a server's key table, kept in the {@code MetricsConfig} that {@code get} and
     * {@code set} read and replace on the server's settings object.
     */
    public static <C> ConfigTable<C> declare(ConfigTable<C> table, Function<C, MetricsConfig> get,
                                            BiConsumer<C, MetricsConfig> set) {
        return table
                .key(METRICS_EXPORTER_TYPE, "DISABLE|PROM", "DISABLE", "", false,
                        "PROM serves Prometheus metrics; RocketMQ's OTLP_GRPC and LOG are refused",
                        s -> checked(METRICS_EXPORTER_TYPE, s), (c, v) -> set.accept(c, get.apply(c).with(METRICS_EXPORTER_TYPE, v)),
                        c -> get.apply(c).values().get(METRICS_EXPORTER_TYPE))
                .key(METRICS_PROM_EXPORTER_HOST, "string", "", "", false,
                        "address of the metrics endpoint (empty: the server's bind address)",
                        s -> checked(METRICS_PROM_EXPORTER_HOST, s),
                        (c, v) -> set.accept(c, get.apply(c).with(METRICS_PROM_EXPORTER_HOST, v)),
                        c -> get.apply(c).values().get(METRICS_PROM_EXPORTER_HOST))
                .key(METRICS_PROM_EXPORTER_PORT, "int", Integer.toString(DEFAULT_PORT), "", false,
                        "port of the metrics endpoint; 0 picks a free one",
                        s -> checked(METRICS_PROM_EXPORTER_PORT, s),
                        (c, v) -> set.accept(c, get.apply(c).with(METRICS_PROM_EXPORTER_PORT, v)),
                        c -> get.apply(c).values().get(METRICS_PROM_EXPORTER_PORT));
    }

    /** {@code value} once {@link #with} accepts it for {@code key}; else its IllegalArgumentException. */
    private static String checked(String key, String value) {
        disabled().with(key, value);
        return value;
    }
}
