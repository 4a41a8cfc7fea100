package io.apogee.cli;

import io.apogee.common.config.ConsoleConfig;
import io.apogee.console.ConsoleAccess;
import io.apogee.console.ConsoleServer;

import java.io.IOException;
import java.net.BindException;

/**
 * Starts the web console for a launched server when its settings ask for it, and registers it to stop
 * with the server. Authentication is not wired yet: the console says so in its header.
 *
 * <p>Thread safety: called once from the launching thread.
 */
final class Consoles {

    private Consoles() {
    }

    /** The console's ", console at URL" for the ready line, or "" when it is off. */
    static String startIf(ConsoleConfig config, String namesrvAddr, RunningServers servers) throws IOException {
        return startIf(config, namesrvAddr, servers, false);
    }

    /**
     * As {@link #startIf(ConsoleConfig, String, RunningServers)}; with {@code optional} (the standalone's
     * console on its default port, which another program may hold) a port in use costs only the console,
     * with a line that says how to move it, not the whole server.
     */
    static String startIf(ConsoleConfig config, String namesrvAddr, RunningServers servers, boolean optional)
            throws IOException {
        if (!config.enabled()) {
            return "";
        }
        ConsoleServer console = new ConsoleServer(namesrvAddr, ConsoleAccess.OPEN);
        try {
            console.start(config.host(), config.port());
        } catch (BindException e) {
            console.close();
            if (!optional) {
                throw new BindException("the web console cannot listen on " + config.host() + ":" + config.port()
                        + ": " + e.getMessage());
            }
            return ", no console (" + config.host() + ":" + config.port() + " is in use; --console-port moves it)";
        }
        servers.started("console", console::close);
        return ", console at " + console.url();
    }
}
