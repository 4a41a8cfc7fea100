package io.apogee.console;

import io.apogee.remoting.RpcHook;

/**
 * The seam between the console and the cluster's authentication: who may use the console and what each
 * user may do. The console asks it on every API call; {@link #OPEN} (authentication off) lets everyone do
 * everything, and the header then says that authentication is off.
 *
 * <p>Thread safety: called from the console's request threads at once; implementations must be thread-safe.
 */
public interface ConsoleAccess {

    /** What a console call does, so that a user's permissions can allow or refuse it. */
    enum Action { READ, WRITE_TOPIC, DELETE_TOPIC, WRITE_GROUP, SEND_MESSAGE, WRITE_CONFIG }

    /** Whether the console must ask for a user and password. */
    boolean authenticationEnabled();

    /** Whether {@code password} is {@code user}'s; only asked when {@link #authenticationEnabled()}. */
    boolean authenticate(String user, String password);

    /** Null when {@code user} may do {@code action}, else why not (shown to the user next to the refused button). */
    String refusal(String user, Action action);

    /**
     * What signs the console's requests to the cluster for a logged-in user, so that the servers check that
     * user's own permissions; null (the default) sends them unsigned.
     */
    default RpcHook signerFor(String user, String password) {
        return null;
    }

    /**
     * What signs the console's own calls made with no user behind them (sampling every group's lag for its
     * chart); null (the default) sends them unsigned.
     */
    default RpcHook backgroundSigner() {
        return null;
    }

    /** Authentication off: anyone may do anything. */
    ConsoleAccess OPEN = new ConsoleAccess() {
        @Override
        public boolean authenticationEnabled() {
            return false;
        }

        @Override
        public boolean authenticate(String user, String password) {
            return true;
        }

        @Override
        public String refusal(String user, Action action) {
            return null;
        }
    };
}
