package io.apogee.cli;

import io.apogee.common.config.ConsoleConfig;
import io.apogee.console.ConsoleAccess;
import io.apogee.console.ConsoleServer;

import java.io.IOException;

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
        if (!config.enabled()) {
            return "";
        }
        ConsoleServer console = new ConsoleServer(namesrvAddr, ConsoleAccess.OPEN).start(config.host(), config.port());
        servers.started("console", console::close);
        return ", console at " + console.url();
    }
}
