package io.apogee.console;

import io.apogee.remoting.RpcHook;
import io.apogee.security.Credentials;
import io.apogee.security.RequestSigner;
import io.apogee.security.SecurityStore;
import io.apogee.security.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The console of a server with authentication on: a login is one of the server's enabled users with its
 * password, and every request the console then sends to the cluster is signed as that user, so the brokers'
 * own authorization decides what the user may do; a refusal there (NO_PERMISSION) reaches the page as a 403
 * with the broker's reason. The console itself refuses nothing further. Its background calls (the lag
 * sampler) are signed with the server's own credentials, when it has some.
 *
 * <p>Thread safety: stateless apart from the store, which is thread-safe; called from the console's threads.
 */
public final class SecuredAccess implements ConsoleAccess {

    private final SecurityStore store;
    private final Credentials background;

    /** Users from {@code store}; background calls unsigned. */
    public SecuredAccess(SecurityStore store) {
        this(store, null);
    }

    /** Users from {@code store}; background calls signed with {@code background} (null: unsigned). */
    public SecuredAccess(SecurityStore store, Credentials background) {
        this.store = store;
        this.background = background;
    }

    @Override
    public boolean authenticationEnabled() {
        return true;
    }

    @Override
    public boolean authenticate(String user, String password) {
        User known = store.user(user);
        return known != null && known.enabled() && MessageDigest.isEqual(
                known.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String refusal(String user, Action action) {
        return null;
    }

    @Override
    public RpcHook signerFor(String user, String password) {
        return new RequestSigner(new Credentials(user, password));
    }

    @Override
    public RpcHook backgroundSigner() {
        return background == null ? null : new RequestSigner(background);
    }
}
