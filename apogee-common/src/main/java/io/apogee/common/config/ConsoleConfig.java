package io.apogee.common.config;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Whether and where a server serves the built-in web console: {@code consoleEnabled},
 * {@code consoleHost} (default 127.0.0.1, so that a console without a login is not reachable from
 * other hosts unless asked) and {@code consolePort} (default 8080; 0 picks a free port).
 *
 * <p>Thread safety: immutable.
 */
public record ConsoleConfig(boolean enabled, String host, int port) {

    public static final String CONSOLE_ENABLED = "consoleEnabled";
    public static final String CONSOLE_HOST = "consoleHost";
    public static final String CONSOLE_PORT = "consolePort";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ConsoleConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("setting '" + CONSOLE_PORT + "' must be 0..65535");
        }
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.trim();
    }

    /** Off, on the default host and port: what a broker or name server has unless told otherwise. */
    public static ConsoleConfig disabled() {
        return new ConsoleConfig(false, DEFAULT_HOST, DEFAULT_PORT);
    }

    public ConsoleConfig enabled(boolean value) { return new ConsoleConfig(value, host, port); }
    public ConsoleConfig host(String value) { return new ConsoleConfig(enabled, value, port); }
    public ConsoleConfig port(int value) { return new ConsoleConfig(enabled, host, value); }

    /**
     * Declares the three keys in a server's key table, kept in the {@code ConsoleConfig} that {@code get} and
     * {@code set} read and replace on the server's settings object.
     */
    public static <C> ConfigTable<C> declare(ConfigTable<C> table, Function<C, ConsoleConfig> get,
                                            BiConsumer<C, ConsoleConfig> set) {
        return table
                .key(CONSOLE_ENABLED, "boolean", "false", "", false,
                        "serve the web console (standalone: on unless --no-console)",
                        ConfigValues::bool, (c, v) -> set.accept(c, get.apply(c).enabled(v)), c -> get.apply(c).enabled())
                .key(CONSOLE_HOST, "string", DEFAULT_HOST, "", false, "address the web console listens on",
                        ConfigValues::nonBlank, (c, v) -> set.accept(c, get.apply(c).host(v)), c -> get.apply(c).host())
                .key(CONSOLE_PORT, "int", Integer.toString(DEFAULT_PORT), "", false,
                        "port of the web console; 0 picks a free one",
                        ConfigValues::port, (c, v) -> set.accept(c, get.apply(c).port(v)), c -> get.apply(c).port());
    }
}
