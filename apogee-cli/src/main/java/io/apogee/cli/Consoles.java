package io.apogee.cli;

import io.apogee.common.config.ConsoleConfig;
import io.apogee.console.ConsoleAccess;
import io.apogee.console.ConsoleServer;
import io.apogee.console.SecuredAccess;
import io.apogee.security.Credentials;
import io.apogee.security.SecurityConfig;
import io.apogee.security.SecurityStore;
import io.apogee.security.User;

import java.io.IOException;
import java.net.BindException;

/**
 * Starts the web console for a launched server when its settings ask for it, and registers it to stop
 * with the server. With the server's authentication on, the console logs users in against that server's
 * users and signs its requests as them ({@link SecuredAccess}); otherwise its header says authentication is off.
 *
 * <p>Thread safety: called once from the launching thread.
 */
final class Consoles {

    private Consoles() {
    }

    /** The console's ", console at URL" for the ready line, or "" when it is off. */
    static String startIf(ConsoleConfig config, String namesrvAddr, ConsoleAccess access, RunningServers servers)
            throws IOException {
        return startIf(config, namesrvAddr, access, servers, false);
    }

    /**
     * How the console of a server with {@code security} and {@code store} lets users in; its background calls
     * (lag samples) sign as the server's own inner credentials, else as its initial user.
     */
    static ConsoleAccess access(SecurityConfig security, SecurityStore store) {
        if (!security.authenticationEnabled() && !security.authorizationEnabled()) {
            return ConsoleAccess.OPEN;
        }
        Credentials background = security.innerClientCredentials();
        User initial = security.initialUser();
        if (background == null && initial != null) {
            background = new Credentials(initial.username(), initial.password());
        }
        return new SecuredAccess(store, background);
    }

    /**
     * As {@link #startIf(ConsoleConfig, String, ConsoleAccess, RunningServers)}; with {@code optional} (the standalone's
     * console on its default port, which another program may hold) a port in use costs only the console,
     * with a line that says how to move it, not the whole server.
     */
    static String startIf(ConsoleConfig config, String namesrvAddr, ConsoleAccess access, RunningServers servers,
                          boolean optional) throws IOException {
        if (!config.enabled()) {
            return "";
        }
        ConsoleServer console = new ConsoleServer(namesrvAddr, access);
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
